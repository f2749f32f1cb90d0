"""Read one YAML file into plain Python values, keeping the position of every key and value.

PyYAML's own constructor loses positions, accepts duplicate keys silently and expands aliases
without limit; this reader composes the node graph and builds the values itself.
"""

from __future__ import annotations

import errno
import marshal
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import CollectionEndEvent, CollectionStartEvent
from yaml.resolver import Resolver

from generator.issues import Issue

KeyPath = tuple[str | int, ...]

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 40

_STANDARD_MAP = "tag:yaml.org,2002:map"
_STANDARD_SEQ = "tag:yaml.org,2002:seq"
# The data is text, numbers, booleans and dates: any other scalar tag (!!binary builds bytes,
# !!python/... objects, !local ones are meaningless) is refused.
_CORE_SCALARS = frozenset(f"tag:yaml.org,2002:{name}"
                          for name in ("str", "int", "float", "bool", "null", "timestamp"))
# YAML 1.1 resolves a plain « = » or « << » to these tags; the person who wrote it meant text.
_TEXT_TAGS = {"tag:yaml.org,2002:value": "=", "tag:yaml.org,2002:merge": "<<"}


@dataclass
class Document:
    """A parsed YAML file: its values and where each of them stands in the file."""

    path: Path
    display: str
    data: Any
    value_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    source_text: dict[KeyPath, str] = field(default_factory=dict)
    reported: set[KeyPath] = field(default_factory=set)
    """Places the reader already reported (duplicate key, refused tag): said once is enough."""
    inherited: dict[str, str] = field(default_factory=dict)
    """Top keys a contract took from its framework (`cadre`), and the framework's file."""

    if not TYPE_CHECKING:  # for the type checker, both are the plain fields above
        def __getattr__(self, name: str) -> Any:
            # A file taken from the parse cache (load.parsed) keeps its places packed until
            # they are asked for: most files are never the subject of a message, and a
            # national site's places would take a second to unpack and hundreds of MB.
            if name in ("value_marks", "key_marks") and "packed_marks" in self.__dict__:
                self.value_marks, self.key_marks = marshal.loads(self.__dict__.pop("packed_marks"))
                return self.__dict__[name]
            raise AttributeError(name)

    def pack_marks(self, packed: bytes) -> None:
        """Places packed by load.parsed, unpacked when first asked for."""
        del self.value_marks, self.key_marks
        self.__dict__["packed_marks"] = packed

    def release(self) -> None:
        """Forget the values and their places once validation has said everything: a national
        site holds tens of thousands of files, and the models keep what the pages need."""
        self.data = None
        self.__dict__.pop("packed_marks", None)
        self.value_marks, self.key_marks, self.source_text, self.inherited = {}, {}, {}, {}

    def mark(self, keypath: KeyPath) -> tuple[int, int]:
        """Line and column (1-based) of a key path, or of its closest existing ancestor."""
        for end in range(len(keypath), -1, -1):
            prefix = keypath[:end]
            found = self.key_marks.get(prefix) or self.value_marks.get(prefix)
            if found:
                return found
        return (1, 1)

    def issue(self, keypath: KeyPath, message: str, **kwargs: Any) -> Issue:
        line, column = self.mark(keypath)
        source = self.inherited.get(str(keypath[0])) if keypath else None
        if source:
            message += (f" (valeur reprise du contrat cadre, {source} : corrigez-la là-bas, ou "
                        "donnez-la dans ce fichier)")
        return Issue(self.display, line, column, format_keypath(keypath), message, **kwargs)


def format_keypath(keypath: KeyPath) -> str:
    out = ""
    for part in keypath:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


_Marked = yaml.Node | yaml.Event


class _TooLarge(Exception):
    def __init__(self, node: _Marked, message: str) -> None:
        self.node = node
        self.message = message


class _Parser(Protocol):
    def check_event(self, *choices: type[yaml.Event]) -> bool: ...
    def peek_event(self) -> yaml.Event | None: ...
    def get_event(self) -> yaml.Event | None: ...
    def dispose(self) -> None: ...


class _Composer(Composer, SafeConstructor, Resolver):
    """PyYAML's composer fed by a parser's events, counting the open collections first.

    Both parsers (LibYAML's and PyYAML's) are iterative, but composing recurses once per
    nesting level: LibYAML's composer overflows the C stack (SIGSEGV) on 100 000 « [ » and
    PyYAML's raises RecursionError. Counting on each event stops a deep file before the
    recursion goes deeper than MAX_DEPTH."""

    def __init__(self, parser: _Parser) -> None:
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.parser = parser
        self.open: list[CollectionStartEvent] = []
        # The composer asks these millions of times on a large site: the parser's own methods,
        # without a call in between (a third of the reading time).
        self.check_event = parser.check_event  # type: ignore[method-assign]
        self.peek_event = parser.peek_event  # type: ignore[method-assign]

    def check_event(self, *choices: type[yaml.Event]) -> bool:
        return self.parser.check_event(*choices)

    def peek_event(self) -> yaml.Event | None:
        return self.parser.peek_event()

    def get_event(self) -> yaml.Event | None:
        event = self.parser.get_event()
        if isinstance(event, CollectionStartEvent):
            self.open.append(event)
            # The root collection is at depth 0, as in _Builder.
            if len(self.open) > MAX_DEPTH + 1:
                raise _TooLarge(event, _TOO_DEEP)
        elif isinstance(event, CollectionEndEvent):
            self.open.pop()
        return event

    def open_flow(self) -> yaml.Event | None:
        """The innermost « [ » or « { » not closed yet."""
        return next((e for e in reversed(self.open) if e.flow_style), None)

    def dispose(self) -> None:
        self.parser.dispose()


class _Builder:
    """Turns a composed node graph into values, recording marks and refusing abuse."""

    def __init__(self, loader: SafeConstructor, document: Document) -> None:
        self.loader = loader
        self.doc = document
        self.count = 0
        self.issues: list[Issue] = []

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(node, _ALIAS_BOMB)
        if depth > MAX_DEPTH:
            raise _TooLarge(node, _TOO_DEEP)
        self.doc.value_marks.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _STANDARD_SEQ, path)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        self._check_tag(node, _STANDARD_MAP, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*path, key)
            if key in result:
                first = self.doc.key_marks[child][0]
                self.issues.append(_at(self.doc, key_node, child, _duplicate(key, first)))
                self.doc.reported.add(child)
                continue
            self.doc.key_marks[child] = _mark(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        if node.tag not in _CORE_SCALARS:
            if _TEXT_TAGS.get(node.tag) == node.value:
                return str(node.value)
            self.issues.append(_at(self.doc, node, path, _bad_tag(node.tag)))
            self.doc.reported.add(path)
            return node.value
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self.issues.append(_at(self.doc, node, path, _bad_tag(node.tag)))
            self.doc.reported.add(path)
            return node.value
        except ValueError:
            # PyYAML fails on impossible dates such as 2023-02-30: keep the text,
            # the model reports the wrong date.
            return str(node.value)
        if not isinstance(value, str):
            self.doc.source_text[path] = str(node.value)
        return value

    def _check_tag(self, node: yaml.Node, expected: str, path: KeyPath) -> None:
        if node.tag != expected:
            self.issues.append(_at(self.doc, node, path, _bad_tag(node.tag)))
            self.doc.reported.add(path)


def _mark(node: _Marked) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _at(doc: Document, node: _Marked, path: KeyPath, message: str) -> Issue:
    line, column = _mark(node)
    return Issue(doc.display, line, column, format_keypath(path), message)


def _duplicate(key: str, first_line: int) -> str:
    return (
        f"la clé « {key} » est en double (déjà définie ligne {first_line}) : "
        "supprimez l'une des deux ou fusionnez leurs valeurs."
    )


def _bad_tag(tag: str) -> str:
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"l'étiquette YAML « {tag} » n'est pas acceptée : retirez-la "
        "(écrivez la valeur simplement, entre guillemets si besoin)."
    )


_ALIAS_BOMB = (
    "le fichier se déploie en trop de valeurs (plus de 50 000) : les alias YAML (*nom) "
    "y sont probablement imbriqués les uns dans les autres. Écrivez les valeurs sans alias."
)
_TOO_DEEP = (
    f"le fichier est imbriqué sur plus de {MAX_DEPTH} niveaux : "
    "vérifiez l'indentation, ou la présence d'un alias qui se contient lui-même."
)


_TOO_COMPLEX = (
    "le fichier est trop complexe pour être lu (imbrication ou nombre de valeurs excessif) : "
    "simplifiez-le ou découpez-le en plusieurs fichiers."
)


def read_document(path: Path, display: str, raw: bytes | None = None
                  ) -> tuple[Document | None, list[Issue]]:
    """Parse one file (or `raw`, its bytes as already read, no larger than the limit).
    Returns the document, or None and the problems that prevent reading it."""
    doc = Document(path=path, display=display, data=None)
    text, problem = _read_text(path, doc) if raw is None else _decode_text(raw, doc)
    if problem:
        return None, [problem]
    return _read_checked(text, doc)


@dataclass
class Article:
    """A Markdown file with a YAML header (news): the header as a document, the text apart."""

    doc: Document
    body: str
    body_line: int
    """Line of the file where the text starts, for the messages about it."""


_HEADER_MISSING = (
    "l'actualité doit commencer par son en-tête : une ligne « --- », les rubriques (titre, "
    "date…), puis une autre ligne « --- » avant le texte."
)
_HEADER_OPEN = (
    "l'en-tête de l'actualité n'est pas fermé : ajoutez une ligne « --- » après la dernière "
    "rubrique, avant le texte."
)


def read_article(path: Path, display: str) -> tuple[Article | None, list[Issue]]:
    """Parse a Markdown file's header with the same reader as the data, so its problems are
    said with the same messages and at the right line (the header starts at line 1)."""
    doc = Document(path=path, display=display, data=None)
    text, problem = _read_text(path, doc)
    if problem:
        return None, [problem]
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].rstrip() != "---":
        return None, [Issue(display, 1, 1, "", _HEADER_MISSING)]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, [Issue(display, 1, 1, "", _HEADER_OPEN)]
    # The opening « --- » is also YAML's start of document: the header parses as it stands.
    header, issues = _read_checked("\n".join(lines[:end]) + "\n", doc)
    if header is None:
        return None, issues
    body = lines[end + 1:]
    blank = next((i for i, line in enumerate(body) if line.strip()), len(body))
    article = Article(header, "\n".join(body[blank:]).rstrip(), end + 2 + blank)
    return article, issues + _invisible(article)


INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Control characters: refused in every text, since feeds (XML) cannot carry them."""


def _invisible(article: Article) -> list[Issue]:
    """Control characters (often pasted from a word processor) cannot be published in a feed:
    each is said where it stands, as the YAML reader does for the header."""
    found = []
    for number, line in enumerate(article.body.split("\n"), start=article.body_line):
        match = INVISIBLE.search(line)
        if match:
            found.append(Issue(article.doc.display, number, match.start() + 1, "",
                               f"caractère invisible interdit (U+{ord(match.group(0)):04X}), "
                               "souvent collé depuis un traitement de texte : supprimez-le ou "
                               "retapez le passage."))
    return found


def _read_checked(text: str, doc: Document) -> tuple[Document | None, list[Issue]]:
    tabs = _tab_issues(text, doc)
    if tabs:
        return None, tabs
    try:
        return _read_yaml(text, doc)
    except (RecursionError, MemoryError):
        # Depth, node count and size are limited above; should a file still get past them,
        # it is this file that is refused, not the whole run.
        return None, [Issue(doc.display, 1, 1, "", _TOO_COMPLEX)]


def _read_yaml(text: str, doc: Document) -> tuple[Document | None, list[Issue]]:
    try:
        return _parse(_Composer(_FAST(text)), doc)
    except _TooLarge as exc:
        return None, [_at(doc, exc.node, (), exc.message)]
    except yaml.YAMLError:
        pass  # parse again below with the pure-Python reader: its messages are the ones we translate
    try:
        composer = _Composer(yaml.SafeLoader(text))  # its reader checks the characters here
        return _parse(composer, _fresh(doc))
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_issue(exc, doc, text, composer.open_flow())]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_issue(exc, text, doc)]
    except _TooLarge as exc:
        return None, [_at(doc, exc.node, (), exc.message)]


# LibYAML's parser is several times faster; PyYAML ships it in its wheels.
_FAST: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _fresh(doc: Document) -> Document:
    return Document(path=doc.path, display=doc.display, data=None)


def _parse(composer: _Composer, doc: Document) -> tuple[Document | None, list[Issue]]:
    try:
        node = composer.get_single_node()
        if node is None:
            return doc, []
        builder = _Builder(composer, doc)
        doc.data = builder.build(node, (), 0)
    finally:
        composer.dispose()
    # Duplicate keys keep their first value and refused tags their text: the document stays
    # usable, so its other problems are reported too and nothing cascades from its absence.
    return doc, builder.issues


def _read_text(path: Path, doc: Document) -> tuple[str, Issue | None]:
    try:
        # Read one byte past the limit only: a huge file is refused without being loaded.
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
            size = os.fstat(stream.fileno()).st_size if len(raw) > MAX_FILE_BYTES else len(raw)
    except OSError as exc:
        return "", Issue(doc.display, 1, 1, "", f"le fichier ne peut pas être lu ({os_reason(exc)}).")
    if len(raw) > MAX_FILE_BYTES:
        return "", Issue(doc.display, 1, 1, "", _too_big(max(size, len(raw))))
    return _decode_text(raw, doc)


def _decode_text(raw: bytes, doc: Document) -> tuple[str, Issue | None]:
    try:
        # Some editors write accents decomposed (e + ◌́): compose them, as the references do.
        return unicodedata.normalize("NFC", raw.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return "", Issue(doc.display, line, 1, "", _NOT_UTF8)


_OS_REASONS = {"EACCES": "accès refusé", "EPERM": "accès refusé", "ELOOP": "lien symbolique en boucle",
               "ENAMETOOLONG": "nom trop long", "ENOENT": "introuvable", "EISDIR": "c'est un dossier"}


def os_reason(exc: OSError) -> str:
    """The system's reason, in French for the usual ones."""
    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or exc.strerror or type(exc).__name__


def _too_big(size: int) -> str:
    return (
        f"le fichier fait {size // 1000} ko, au-delà de la limite de {MAX_FILE_BYTES // 1000} ko : "
        "découpez-le (un fichier par projet ou par contrat) et placez les documents dans medias/."
    )


_NOT_UTF8 = (
    "le fichier n'est pas enregistré en UTF-8 : enregistrez-le en « UTF-8 » "
    "dans votre éditeur (les accents sont alors conservés)."
)

_TAB_INDENT = re.compile(r"^( *)\t")


def _tab_issues(text: str, doc: Document) -> list[Issue]:
    issues = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _TAB_INDENT.match(line)
        if match:
            issues.append(Issue(doc.display, number, len(match.group(1)) + 1, "", _TAB))
    return issues


_TAB = (
    "tabulation dans l'indentation : YAML n'accepte que des espaces. "
    "Remplacez la tabulation par des espaces (2 par niveau)."
)


def _syntax_issue(exc: yaml.MarkedYAMLError, doc: Document, text: str,
                  open_flow: _Marked | None) -> Issue:
    lines = _lines(text)
    mark = exc.problem_mark or exc.context_mark
    line, column = _clamp(mark, lines)
    problem = exc.problem or ""
    if mark is not None and ("end of stream" in problem or "<stream end>" in problem):
        message = _ended_early(exc, text, open_flow)
    elif (unclosed := _unclosed_flow(exc, mark)) is not None:
        # Said where the « [ » or « { » was opened: YAML notices only on a later line, and the
        # missing bracket nearly always belongs at the end of the opening one.
        line, column = _clamp(exc.context_mark, lines)
        message = unclosed
    else:
        message = translate_yaml_problem(problem)
        if "but found '<scalar>'" in problem:
            message = _quote_closed_early(lines[line - 1]) or message
    return Issue(doc.display, line, column, "", message)


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML counts


def _lines(text: str) -> list[str]:
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if len(lines) > 1 and not lines[-1] else lines


def _clamp(mark: yaml.Mark | None, lines: list[str]) -> tuple[int, int]:
    """Line and column (1-based) of a mark, kept inside the file: at the end of the stream
    PyYAML points past the last line, where no editor can go."""
    if mark is None:
        return 1, 1
    if mark.line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return mark.line + 1, min(mark.column, len(lines[mark.line])) + 1


def _ended_early(exc: yaml.MarkedYAMLError, text: str, open_flow: _Marked | None) -> str:
    """The file ends inside a quoted text or a « [ » / « { »: say where it was opened."""
    start = exc.context_mark
    if start is not None and "quoted scalar" in (exc.context or ""):
        if text[start.index:start.index + 1] == "'":
            return (f"syntaxe YAML : le fichier se termine avant la fin du texte entre apostrophes "
                    f"ouvert ligne {start.line + 1} : ajoutez l'apostrophe de fin.")
        return (f"syntaxe YAML : le fichier se termine avant la fin du texte entre guillemets "
                f"ouvert ligne {start.line + 1} : ajoutez le guillemet de fin.")
    if open_flow is not None:
        line = _mark(open_flow)[0]
        if isinstance(open_flow, yaml.SequenceStartEvent):
            return (f"syntaxe YAML : le fichier se termine avant la fin de la liste entre crochets "
                    f"ouverte ligne {line} : ajoutez le « ] » de fin.")
        return (f"syntaxe YAML : le fichier se termine avant la fin du dictionnaire entre "
                f"accolades ouvert ligne {line} : ajoutez le « }} » de fin.")
    return ("syntaxe YAML : le fichier se termine avant la fin d'une valeur : vérifiez la fin "
            "du fichier (guillemets, crochets et accolades refermés, valeur complète).")


def _unclosed_flow(exc: yaml.MarkedYAMLError, mark: yaml.Mark | None) -> str | None:
    """A list in « [ ] » or a mapping in « { } » that a later line runs into."""
    start, problem = exc.context_mark, exc.problem or ""
    if start is None or mark is None or start.line == mark.line or "but got ':'" not in problem:
        return None  # a list over several lines with a missing comma: said where it is
    if "expected ',' or ']'" in problem:
        return (f"syntaxe YAML : la liste entre crochets ouverte ici n'est pas refermée avant la "
                f"ligne {mark.line + 1} : terminez-la par « ] » (à la fin de cette ligne si elle "
                "tient sur une ligne) et séparez ses valeurs par des virgules.")
    if "expected ',' or '}'" in problem:
        return (f"syntaxe YAML : le dictionnaire entre accolades ouvert ici n'est pas refermé "
                f"avant la ligne {mark.line + 1} : terminez-le par « }} » (à la fin de cette ligne "
                "s'il tient sur une ligne) et séparez ses paires par des virgules.")
    return None


def _quote_closed_early(line: str) -> str | None:
    """In French text, a value that goes on after its closing quote is nearly always an
    apostrophe or a quotation mark inside a value written between the same quotes."""
    value = line.split(":", 1)[1].strip() if ":" in line else line.strip().lstrip("- ")
    if value.startswith("'"):
        return ("syntaxe YAML : une apostrophe dans un texte écrit entre apostrophes le termine : "
                "doublez-la (« 'C''est' »), ou écrivez le texte sans guillemets ou entre "
                "guillemets doubles (« \"C'est\" »).")
    if value.startswith('"'):
        return ("syntaxe YAML : un guillemet double dans un texte écrit entre guillemets doubles "
                "le termine : écrivez-le \\\", ou utilisez les guillemets français « », ou mettez "
                "le texte entre apostrophes.")
    return None


def _reader_issue(exc: yaml.reader.ReaderError, text: str, doc: Document) -> Issue:
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    message = (
        f"caractère de contrôle interdit (code {exc.character!r}) : supprimez-le "
        "(il vient souvent d'un copier-coller)."
    )
    return Issue(doc.display, line, column, "", message)


_YAML_PROBLEMS: list[tuple[str, str]] = [

    ("mapping values are not allowed", "deux-points « : » inattendu. Si la valeur contient « : », "
     "mettez-la entre guillemets ; sinon vérifiez l'indentation de cette ligne."),
    ("could not find expected ':'", "deux-points « : » attendu : chaque ligne doit avoir la forme "
     "« clé: valeur », avec une indentation cohérente."),
    ("did not find expected key", "indentation incohérente : alignez cette ligne, avec des espaces, "
     "sur les autres clés du même niveau."),
    ("expected <block end>", "indentation incohérente : alignez cette ligne, avec des espaces, "
     "sur les autres éléments du même niveau."),
    ("did not find expected '-'", "élément de liste attendu : commencez la ligne par « - » "
     "au même niveau que les autres éléments."),
    ("found undefined alias", "alias (*nom) non défini : déclarez l'ancre (&nom) avant, ou écrivez "
     "la valeur en entier."),
    ("found duplicate anchor", "ancre (&nom) déclarée deux fois : donnez-leur des noms différents."),
    ("found unknown escape character", "caractère d'échappement inconnu entre guillemets doubles : "
     "utilisez des guillemets simples ou doublez la barre oblique inverse (\\\\)."),
    ("found unexpected end of stream", "guillemet non fermé : ajoutez le guillemet de fin."),
    ("but found another document", "le fichier contient plusieurs documents (séparés par « --- ») : "
     "un seul est attendu, retirez les suivants ou faites-en des fichiers distincts."),
    ("expected ',' or ']'", "liste entre crochets mal fermée : séparez les valeurs par des virgules "
     "et terminez par « ] »."),
    ("expected ',' or '}'", "dictionnaire entre accolades mal fermé : séparez les paires par des "
     "virgules et terminez par « } »."),
    ("that cannot start any token", "une valeur ne peut pas commencer par ce caractère (« @ », « ` » "
     "ou « % ») : mettez-la entre guillemets."),
    ("expected alphabetic or numeric character", "ancre ou alias mal écrit : après « & » ou « * » "
     "vient un nom ; pour un texte qui commence par « * » ou « & », mettez-le entre guillemets."),
]


def translate_yaml_problem(problem: str) -> str:
    for needle, message in _YAML_PROBLEMS:
        if needle in problem:
            return f"syntaxe YAML : {message}"
    return f"syntaxe YAML invalide ({problem}) : vérifiez l'indentation et les guillemets de cette ligne."
