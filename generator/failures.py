"""What to tell staff when the machine, not the data, stops a build or a command: one French
sentence saying what happened and what to do, never a traceback. Set TERRITOIRE_OUVERT_DEBUG=1
to see the traceback instead (for maintainers)."""

from __future__ import annotations

import errno
import os

DEBUG_VARIABLE = "TERRITOIRE_OUVERT_DEBUG"
_KEPT = "Le site déjà publié n'a pas été modifié."


class CommandError(Exception):
    """An error a command explains itself, in French (an unusable output folder, a server that
    does not answer): printed as it is."""


def debugging() -> bool:
    return bool(os.environ.get(DEBUG_VARIABLE))


def _os_message(error: OSError) -> str:
    where = f" « {error.filename} »" if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"le disque est plein (écriture de{where or ' fichiers'}) : libérez de la place puis relancez."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"écriture ou lecture refusée pour{where or ' un fichier'} : vérifiez les droits "
                "de ce dossier (ou qu'il n'est pas en lecture seule), ou choisissez-en un autre.")
    if error.errno == errno.ELOOP:
        return f"lien symbolique qui tourne en boucle{where} : remplacez-le par le fichier lui-même."
    return (f"erreur du système de fichiers{where} ({error.strerror or error}) : vérifiez ce "
            "chemin puis relancez.")


def explain(error: BaseException, *, site: bool = True) -> str:
    """One French sentence for an error that is not a data error."""
    kept = f" {_KEPT}" if site else ""
    if isinstance(error, OSError):
        return _os_message(error) + kept
    if isinstance(error, MemoryError):
        return "mémoire insuffisante pour terminer : fermez d'autres programmes ou utilisez une " \
               "machine plus grande, puis relancez." + kept
    if isinstance(error, RecursionError):
        return "données imbriquées trop profondément pour être traitées : simplifiez le fichier " \
               "en cause." + kept
    return (f"erreur interne inattendue ({type(error).__name__} : {str(error)[:300]}).{kept} "
            f"Signalez-la aux mainteneurs avec la commande lancée ; {DEBUG_VARIABLE}=1 affiche "
            "le détail technique.")
