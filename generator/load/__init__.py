"""Load stage: the only code that reads the data files and the reference files."""
