"""One fixture per mistake a member of staff can make, each with its exact French message.

Each case starts from the minimal site (tests/fixtures/minimal) and changes one file: a full
new content, `@@old@@new` to replace text in an existing file, or bytes for encoding problems.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BASE_PROJECT, REFERENTIEL, messages

# ruff: noqa: E501
P = "vallee-test/projets/"
CASES: dict[str, object] = {
 "tabulation": {P+"halle.yml": "titre: Halle\n\tresume: x\n"},
 "indentation": {P+"halle.yml": "titre: Halle\nmaitre_ouvrage:\n    nom: Cazals\n  siren: \"214600660\"\n"},
 "cle_en_double": {P+"halle.yml": BASE_PROJECT + "titre: Autre titre\n"},
 "cle_inconnue": {P+"halle.yml": BASE_PROJECT + "cout_totale: 1000\n"},
 "mauvais_type": {P+"halle.yml": BASE_PROJECT + "avancement: beaucoup\n"},
 "liste_attendue": {P+"halle.yml": BASE_PROJECT.replace('communes: ["46066"]', 'communes: "46066"')},
 "champ_manquant": {P+"halle.yml": BASE_PROJECT.replace("resume: Rénovation de la halle.\n", "")},
 "statut_inconnu": {P+"halle.yml": BASE_PROJECT.replace("en_cours", "suspendu")},
 "financeur_inconnu": {P+"halle.yml": BASE_PROJECT + "financements:\n  - financeur: region-ocitanie\n    montant: 1000\n"},
 "contrat_inconnu": {P+"halle.yml": BASE_PROJECT + "contrats:\n  - contrat: crt\n"},
 "mesure_inconnue": {P+"halle.yml": BASE_PROJECT + "contrats:\n  - contrat: crte\n    mesure: m2\n"},
 "orientation_inconnue": {P+"halle.yml": BASE_PROJECT + "orientations: [o1-a2]\n"},
 "dispositif_inconnu": {P+"halle.yml": BASE_PROJECT + "financements:\n  - financeur: etat\n    dispositif: DTER\n    montant: 1000\n"},
 "type_contrat_inconnu": {"vallee-test/contrats/pvd.yml": "type: petite-ville-de-demain\nnom: PVD\nperiode:\n  debut: 2021\nstatut: en_cours\nperimetre:\n  communes: [\"46297\"]\n"},
 "commune_inconnue": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', '"46999"')}, True),
 "commune_fusionnee": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', '"46014"')}, True),
 "nom_commune_faux": ({"vallee-test/territoire.yml": "@@nom: Salviac@@nom: Salviak"}, True),
 "epci_inconnu": ({"vallee-test/territoire.yml": "@@200035327@@200035335"}, True),
 "element_en_double": {"vallee-test/projet-de-territoire.yml": "@@id: o2@@id: o1"},
 "financeur_en_double": {"financeurs.yml": "@@id: departement-lot@@id: etat"},
 "slug_en_double": {P+"ecole-salviac.yaml": BASE_PROJECT},
 "slug_invalide": {P+"Halle Cazals.yml": BASE_PROJECT},
 "somme_financements": {P+"halle.yml": BASE_PROJECT + "cout_total: 10 000 €\nfinancements:\n  - financeur: etat\n    montant: 8000\n  - financeur: region-occitanie\n    montant: 4 000 €\n"},
 "montant_negatif": {P+"halle.yml": BASE_PROJECT + "cout_total: -5000\n"},
 "montant_illisible": {P+"halle.yml": BASE_PROJECT + "cout_total: 1,2 M€\n"},
 "taux_superieur_100": {P+"halle.yml": BASE_PROJECT + "cout_total: 1000\nfinancements:\n  - financeur: etat\n    montant: 500\n    taux: 150\n"},
 "dates_inversees": {P+"halle.yml": BASE_PROJECT + "dates:\n  debut: 2024-05-01\n  fin: 2023-05-01\n"},
 "realise_sans_fin": {P+"halle.yml": BASE_PROJECT.replace("en_cours", "realise")},
 "date_invalide": {P+"halle.yml": BASE_PROJECT + "dates:\n  debut: 2023-02-30\n"},
 "periode_inversee": {"vallee-test/contrats/crte.yml": "@@fin: 2026@@fin: 2019"},
 "annee_hors_periode": {P+"halle.yml": BASE_PROJECT + "contrats:\n  - contrat: crte\n    annee: 2030\n"},
 "programme_annee_differente": {P+"chaufferie-cazals.yml": "@@annee: 2023@@annee: 2024"},
 "insee_sans_guillemets": {P+"halle.yml": BASE_PROJECT.replace('["46066"]', "[04606]")},
 "insee_mal_forme": {P+"halle.yml": BASE_PROJECT.replace('"46066"', '"4606"')},
 "siren_invalide": {P+"halle.yml": BASE_PROJECT.replace("  nom: Commune de Cazals\n", "  nom: Commune de Cazals\n  siren: \"214600661\"\n")},
 "image_sans_alt": {P+"halle.yml": BASE_PROJECT + "images:\n  - fichier: medias/halle.jpg\n"},
 "fichier_hors_dossier": {P+"halle.yml": BASE_PROJECT + "images:\n  - fichier: ../../secret.jpg\n    alt: La halle\n"},
 "fichier_absolu": {P+"halle.yml": BASE_PROJECT + "documents:\n  - titre: Délibération\n    fichier: /etc/passwd\n"},
 "url_au_lieu_de_fichier": {P+"halle.yml": BASE_PROJECT + "images:\n  - fichier: https://example.org/halle.jpg\n    alt: La halle\n"},
 "fichier_manquant": {P+"halle.yml": BASE_PROJECT + "images:\n  - fichier: medias/halle.jpg\n    alt: La halle\n"},
 "type_fichier_refuse": {P+"halle.yml": BASE_PROJECT + "images:\n  - fichier: medias/halle.svg\n    alt: La halle\n", "vallee-test/medias/halle.svg": "<svg/>"},
 "lorem_ipsum": {P+"halle.yml": BASE_PROJECT.replace("Rénovation de la halle.", "Lorem ipsum dolor sit amet.")},
 "todo_presentation": {"vallee-test/territoire.yml": "@@presentation: Un territoire de **test**.@@presentation: TODO écrire la présentation"},
 "a_completer": {P+"halle.yml": BASE_PROJECT + "description: Budget à compléter.\n"},
 "fichier_vide": {P+"halle.yml": ""},
 "liste_au_lieu_de_cles": {P+"halle.yml": "- titre: Halle\n"},
 "bombe_alias": {P+"halle.yml": "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"},
 "etiquette_python": {P+"halle.yml": BASE_PROJECT.replace("titre: Halle de Cazals", "titre: !!python/object/apply:os.system [ls]")},
 "deux_points": {P+"halle.yml": "titre: Halle: rénovation\n"},
 "guillemet_non_ferme": {P+"halle.yml": "titre: \"Halle\nresume: x\n"},
 "fichier_inattendu": {"vallee-test/territorie.yml": "nom: x\n"},
 "pas_utf8": {P+"halle.yml": b"titre: Halle \xe9t\xe9\n"},
 "perimetre_vide": {"vallee-test/contrats/crte.yml": "@@  tout: true@@  tout: false"},
 "email_invalide": {"vallee-test/territoire.yml": "@@accueil@example.org@@accueil-example.org"},
 "url_invalide": {P+"halle.yml": BASE_PROJECT + "liens:\n  - titre: Site\n    url: javascript:alert(1)\n"},
 "niveau_trop_profond": {"vallee-test/projet-de-territoire.yml": "@@niveaux: [orientation, axe]@@niveaux: [orientation]"},
 "commune_hors_territoire": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', '"46042"')}, True),
 "financements_manquants_montant": {P+"halle.yml": BASE_PROJECT + "financements:\n  - financeur: etat\n"},
 "realise_avancement": {P+"halle.yml": BASE_PROJECT.replace("en_cours", "realise") + "avancement: 80\ndates:\n  fin: 2024-01-01\n"},
 "programme_projet_inconnu": {"vallee-test/contrats/cto.yml": "@@projets: [chaufferie-cazals]@@projets: [chauferie-cazals]"},
 "document_sans_source": {P+"halle.yml": BASE_PROJECT + "documents:\n  - titre: Délibération\n"},
 "symlink_hors_dossier": "SYMLINK",
 "epci_hors_territoire_sans_referentiel": {"vallee-test/contrats/cto.yml": "@@epci: [\"200035327\"]@@epci: [\"200035327\", \"200023737\"]"},
 "montant_infini": {P+"halle.yml": BASE_PROJECT + "cout_total: .inf\n"},
 "montant_demesure": {P+"halle.yml": BASE_PROJECT + "cout_total: 99999999999999999999999999999\n"},
 "cascade_financeurs_cle_double": {"financeurs.yml": "@@    nom: État\n@@    nom: État\n    nom: Etat\n"},
 "cascade_strategie_illisible": {"vallee-test/projet-de-territoire.yml": "@@titre: Projet de territoire 2021-2026@@titre: Projet de territoire: 2021-2026"},
 "cascade_territoire_cle_double": {"vallee-test/territoire.yml": "@@type: petr\n@@type: petr\ntype: pays\n"},
 "cascade_enfants_dictionnaire": {"vallee-test/projet-de-territoire.yml": "@@    enfants:\n      - id: o1-a1\n        titre: Écoles et services@@    enfants:\n      id: o1-a1\n      titre: Écoles et services"},
 "cascade_financeurs_liste": {"financeurs.yml": "- id: etat\n  nom: État\n  type: etat\n"},
 "siren_avec_espaces": {"vallee-test/territoire.yml": "@@\"200035327\"@@\"200 035 327\""},
 "provisoire_dans_fichier_invalide": {P+"halle.yml": BASE_PROJECT.replace("statut: en_cours\n", "").replace("Rénovation de la halle.", "TODO")},
 "thematique_presque_connue": {P+"halle.yml": BASE_PROJECT + "thematiques: [Energie-climats]\n"},
 "date_francaise": {P+"halle.yml": BASE_PROJECT + "dates:\n  debut: 15/03/2024\n"},
 # A year alone is a partial date for project dates (2023); « mis_a_jour » is a day.
 "date_nombre": {P+"halle.yml": BASE_PROJECT + "mis_a_jour: 2023\n"},
 "publication_booleenne": {P+"halle.yml": BASE_PROJECT + "publication: no\n"},
 "avancement_decimal": {P+"halle.yml": BASE_PROJECT + "avancement: 50.5\n"},
 "valeur_non_numerique": {P+"halle.yml": BASE_PROJECT + "indicateurs:\n  - nom: Surface\n    valeur: .nan\n"},
 "guillemet_entre_guillemets": {P+"halle.yml": BASE_PROJECT.replace("titre: Halle de Cazals", 'titre: "La halle "rénovée" de Cazals"')},
 "apostrophe_entre_apostrophes": {P+"halle.yml": BASE_PROJECT.replace("resume: Rénovation de la halle.", "resume: 'C'est la halle'")},
 "perimetre_en_texte": {"vallee-test/contrats/crte.yml": "@@perimetre:\n  tout: true@@perimetre: communes"},
 "titre_nombre": {P+"halle.yml": BASE_PROJECT.replace("titre: Halle de Cazals", "titre: 2024")},
 "fusion_yaml": {P+"halle.yml": "base: &base\n  nom: Commune de Cazals\n" + BASE_PROJECT.replace("maitre_ouvrage:\n  nom: Commune de Cazals", "maitre_ouvrage:\n  <<: *base")},
 "commune_listee_deux_fois": {"vallee-test/territoire.yml": "@@contacts:@@communes:\n  - code: \"46297\"\n    nom: Salviac\ncontacts:"},
 "programme_hors_periode": {"vallee-test/contrats/cto.yml": "@@  - annee: 2023@@  - annee: 2030"},
 "programme_contrat_en_preparation": {"vallee-test/contrats/cto.yml": "@@statut: en_cours@@statut: en_preparation"},
 "population_fausse": ({"vallee-test/territoire.yml": "@@population: 1231@@population: 12310"}, True),
 "date_francaise_inexistante": {P+"halle.yml": BASE_PROJECT + "dates:\n  debut: 31/02/2025\n"},
 "montant_espaces_insecables": {P+"halle.yml": BASE_PROJECT + "cout_total: 12\u00a0000\u00a0€\nfinancements:\n  - financeur: etat\n    montant: 15\u202f000\n"},
 "commune_par_son_nom": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', '"Saint-Géry-Vers", Salviak, "Beaumont"')}, True),
 "commune_du_territoire_d_abord": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', 'Frayssinet')}, True),
 "commune_nom_avec_oe": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', 'Coeur de Causse')}, True),
 "commune_ancienne_par_son_nom": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', 'Bagat-en-Quercy')}, True),
 "code_corse_en_minuscules": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', '"2a004"')}, True),
 "commune_ni_code_ni_nom": ({P+"halle.yml": BASE_PROJECT.replace('"46066"', 'Cazalz-sur-Mer')}, True),
 "financeur_par_son_nom": {P+"halle.yml": BASE_PROJECT + "financements:\n  - financeur: Conseil départemental\n    montant: 1000\n  - financeur: region\n    montant: 1000\n"},
 "contrat_en_majuscules": {P+"halle.yml": BASE_PROJECT + "contrats:\n  - contrat: CRTE\n"},
 "commune_d_un_autre_contrat": ({"vallee-test/contrats/pvd.yml": "type: petites-villes-de-demain\nnom: PVD Cahors\nperiode:\n  debut: 2021\nstatut: en_cours\nperimetre:\n  communes: [\"46042\"]\n", P + "halle.yml": BASE_PROJECT.replace('"46066"', '"46042"')}, True),
}


EXPECTED: dict[str, list[str]] = {
    "apostrophe_entre_apostrophes": [
        "territories/vallee-test/projets/halle.yml:2:12: syntaxe YAML : une apostrophe dans un texte écrit entre apostrophes le termine : doublez-la (« 'C''est' »), ou écrivez le texte sans guillemets ou entre guillemets doubles (« \"C'est\" »).",
    ],
    "guillemet_entre_guillemets": [
        'territories/vallee-test/projets/halle.yml:1:19: syntaxe YAML : un guillemet double dans un texte écrit entre guillemets doubles le termine : écrivez-le \\", ou utilisez les guillemets français « », ou mettez le texte entre apostrophes.',
    ],
    "perimetre_en_texte": [
        "territories/vallee-test/contrats/crte.yml:8:1: perimetre : « communes » : le périmètre s'écrit « tout » (tout le territoire), ou avec les listes « epci: [SIREN…] » et/ou « communes: [codes INSEE…] ».",
    ],
    "titre_nombre": [
        'territories/vallee-test/projets/halle.yml:1:1: titre : il faut ici un texte, pas « 2024 » : YAML le lit comme un nombre ou un booléen ; mettez-le entre guillemets.',
    ],
    "fusion_yaml": [
        'territories/vallee-test/projets/halle.yml:1:1: base : clé inconnue « base ». Clés acceptées ici : autofinancement, avancement, communes, contrats, cout_final, cout_total, dates, depense_eligible, description, documents, financements, images, indicateurs, jalons, liens, localisation, maitre_ouvrage, mis_a_jour, montants, notes_internes, orientations, publication, resume, statut, thematiques, titre.',
        'territories/vallee-test/projets/halle.yml:6:1: maitre_ouvrage.nom : champ obligatoire manquant : ajoutez « nom: … ».',
        'territories/vallee-test/projets/halle.yml:7:3: maitre_ouvrage.<< : les fusions YAML (« <<: *nom ») ne sont pas acceptées : recopiez les clés voulues à cet endroit.',
    ],
    "commune_listee_deux_fois": [
        "territories/vallee-test/territoire.yml:20:5: communes[0].code : la commune 46297 est déjà listée (CC Cazals-Salviac) : une commune n'appartient qu'à un EPCI et n'est listée qu'une fois.",
    ],
    "provisoire_dans_fichier_invalide": [
        'territories/vallee-test/projets/halle.yml:1:1: statut : champ obligatoire manquant : ajoutez « statut: … ».',
        'territories/vallee-test/projets/halle.yml:2:1: resume : texte provisoire « TODO » : remplacez-le par le vrai texte avant publication (ou, pour un projet, mettez « publication: brouillon »).',
    ],
    "thematique_presque_connue": [
        'territories/vallee-test/projets/halle.yml:7:15: avertissement : thematiques[0] : la thématique « Energie-climats » ressemble à « energie-climat » sans être la même : vouliez-vous dire « energie-climat » ? (Une thématique nouvelle se déclare dans site.yml, rubrique thematiques.)',
    ],
    "date_francaise": [
        "territories/vallee-test/projets/halle.yml:8:3: dates.debut : écrivez les dates au format AAAA-MM-JJ : « 15/03/2024 » s'écrit 2024-03-15.",
    ],
    "date_nombre": [
        'territories/vallee-test/projets/halle.yml:7:1: mis_a_jour : il faut ici une date complète au format AAAA-MM-JJ (par exemple 2024-03-15), pas « 2023 ».',
    ],
    "publication_booleenne": [
        "territories/vallee-test/projets/halle.yml:7:1: publication : YAML lit « no » comme vrai ou faux : écrivez l'une des valeurs acceptées, publie, brouillon.",
    ],
    "avancement_decimal": [
        'territories/vallee-test/projets/halle.yml:7:1: avancement : il faut ici un nombre entier, pas « 50.5 ».',
    ],
    "valeur_non_numerique": [
        'territories/vallee-test/projets/halle.yml:9:5: indicateurs[0].valeur : il faut ici un nombre, pas « .nan ».',
    ],
    "montant_infini": [
        "territories/vallee-test/projets/halle.yml:7:1: cout_total : « .inf » n'est pas un montant : YAML lit cette valeur comme l'infini. Écrivez le montant en chiffres, par exemple 1 250 000.",
    ],
    "montant_demesure": [
        "territories/vallee-test/projets/halle.yml:7:1: cout_total : « 99999999999999999999999999999 » dépasse le plus grand montant accepté (999\u202f999\u202f999\u202f999,99\u202f€) : vérifiez le nombre de zéros.",
    ],
    # One mistake in a shared file must not make every file that refers to it look wrong.
    "cascade_financeurs_cle_double": [
        "territories/financeurs.yml:4:5: financeurs[0].nom : la clé « nom » est en double (déjà définie ligne 3) : supprimez l'une des deux ou fusionnez leurs valeurs.",
    ],
    "cascade_strategie_illisible": [
        "territories/vallee-test/projet-de-territoire.yml:1:28: syntaxe YAML : deux-points « : » inattendu. Si la valeur contient « : », mettez-la entre guillemets ; sinon vérifiez l'indentation de cette ligne.",
    ],
    "cascade_territoire_cle_double": [
        "territories/vallee-test/territoire.yml:3:1: type : la clé « type » est en double (déjà définie ligne 2) : supprimez l'une des deux ou fusionnez leurs valeurs.",
    ],
    "cascade_enfants_dictionnaire": [
        "territories/vallee-test/projet-de-territoire.yml:9:5: elements[0].enfants : il faut ici une liste (une ligne « - valeur » par élément), pas un ensemble de clés.",
    ],
    "cascade_financeurs_liste": [
        "territories/financeurs.yml:1:1: le fichier doit contenir des clés (« clé: valeur »), pas une liste ni un texte seul.",
    ],
    "siren_avec_espaces": [],
    "epci_hors_territoire_sans_referentiel": [
        "territories/vallee-test/contrats/cto.yml:8:23: perimetre.epci[1] : l'EPCI « 200023737 » n'est pas membre du territoire : pour un périmètre qui dépasse le territoire, configurez le Code officiel géographique (option referentiel) ou listez ses communes dans « communes ».",
    ],
    "programme_hors_periode": [
        "territories/vallee-test/contrats/cto.yml:13:5: programmes_operationnels[0].annee : le programme 2030 est hors de la période du contrat (2022 – 2028) : corrigez l'année ou la période.",
        "territories/vallee-test/projets/chaufferie-cazals.yml:12:5: contrats[0].annee : le programme opérationnel 2030 du contrat « cto » liste ce projet, mais il indique l'année 2023 : mettez la même année.",
    ],
    "programme_contrat_en_preparation": [
        "territories/vallee-test/contrats/cto.yml:13:5: programmes_operationnels[0] : un contrat en préparation n'a pas encore de programme opérationnel : passez le statut à en_cours ou retirez ce programme.",
    ],
    "population_fausse": [
        "territories/vallee-test/territoire.yml:10:9: epci[0].communes[0] : la population de Salviac est de 1231 habitants selon le Code officiel géographique (COG, cog-2026), pas 12310 : corrigez-la ou retirez « population » (elle est alors reprise du référentiel).",
    ],
    "commune_d_un_autre_contrat": [
        "territories/vallee-test/projets/halle.yml:6:12: avertissement : communes[0] : la commune « 46042 » n'est ni dans le territoire ni dans le périmètre des contrats du projet : vérifiez le code, ou rattachez le projet au contrat qui couvre cette commune.",
    ],
    'tabulation': [
        "territories/vallee-test/projets/halle.yml:2:1: tabulation dans l'indentation : YAML n'accepte que des espaces. Remplacez la tabulation par des espaces (2 par niveau).",
    ],
    'indentation': [
        'territories/vallee-test/projets/halle.yml:4:3: syntaxe YAML : indentation incohérente : alignez cette ligne, avec des espaces, sur les autres éléments du même niveau.',
    ],
    'cle_en_double': [
        "territories/vallee-test/projets/halle.yml:7:1: titre : la clé « titre » est en double (déjà définie ligne 1) : supprimez l'une des deux ou fusionnez leurs valeurs.",
    ],
    'cle_inconnue': [
        'territories/vallee-test/projets/halle.yml:7:1: cout_totale : clé inconnue « cout_totale ». Vouliez-vous dire « cout_total » ? Clés acceptées ici : autofinancement, avancement, communes, contrats, cout_final, cout_total, dates, depense_eligible, description, documents, financements, images, indicateurs, jalons, liens, localisation, maitre_ouvrage, mis_a_jour, montants, notes_internes, orientations, publication, resume, statut, thematiques, titre.',
    ],
    'mauvais_type': [
        'territories/vallee-test/projets/halle.yml:7:1: avancement : il faut ici un nombre entier, pas « beaucoup ».',
    ],
    'liste_attendue': [
        'territories/vallee-test/projets/halle.yml:6:1: communes : il faut ici une liste (une ligne « - valeur » par élément), pas « 46066 ».',
    ],
    'champ_manquant': [
        'territories/vallee-test/projets/halle.yml:1:1: resume : champ obligatoire manquant : ajoutez « resume: … ».',
    ],
    'statut_inconnu': [
        'territories/vallee-test/projets/halle.yml:3:1: statut : valeur « suspendu » non acceptée. Valeurs acceptées : a_venir, en_cours, realise, abandonne.',
    ],
    'financeur_inconnu': [
        "territories/vallee-test/projets/halle.yml:8:5: financements[0].financeur : le financeur « region-ocitanie » n'existe pas : ajoutez-le au registre financeurs.yml ou corrigez l'identifiant. Vouliez-vous dire « region-occitanie » ?",
    ],
    'contrat_inconnu': [
        "territories/vallee-test/projets/halle.yml:8:5: contrats[0].contrat : le contrat « crt » n'existe pas : aucun fichier contrats/crt.yml dans ce territoire. Vouliez-vous dire « crte » ?",
    ],
    'mesure_inconnue': [
        "territories/vallee-test/projets/halle.yml:9:5: contrats[0].mesure : la mesure « m2 » n'existe pas : elle n'est pas dans la structure du contrat « crte ». Identifiants possibles : m1.",
    ],
    'orientation_inconnue': [
        "territories/vallee-test/projets/halle.yml:7:16: orientations[0] : l'élément du projet de territoire « o1-a2 » n'existe pas : il n'est pas dans projet-de-territoire.yml. Vouliez-vous dire « o1-a1 » ?",
    ],
    'dispositif_inconnu': [
        "territories/vallee-test/projets/halle.yml:9:5: financements[0].dispositif : le dispositif « DTER » n'existe pas : dispositifs de « etat » : DETR, DSIL (à compléter dans financeurs.yml si besoin). Vouliez-vous dire « DETR » ?",
    ],
    'type_contrat_inconnu': [
        "territories/vallee-test/contrats/pvd.yml:1:1: type : le type de contrat « petite-ville-de-demain » n'existe pas : types acceptés : action-coeur-de-ville, autre, bourg-centre-occitanie, contrat-de-ruralite, contrat-departemental, contrat-local-de-sante, contrat-territorial-occitanie, crte, leader, na-attractivite, na-attractivite-solidarite, na-developpement-transitions, na-dynamisation-cohesion, petites-villes-de-demain ; un autre type s'ajoute dans site.yml, rubrique types_contrats. Vouliez-vous dire « petites-villes-de-demain » ?",
    ],
    'commune_inconnue': [
        "territories/vallee-test/projets/halle.yml:6:12: communes[0] : le code INSEE « 46999 » n'existe pas dans le Code officiel géographique (COG, cog-2026) : vérifiez-le sur la fiche de la commune (insee.fr).",
    ],
    'commune_fusionnee': [
        "territories/vallee-test/projets/halle.yml:6:12: communes[0] : « 46014 » (Bagat-en-Quercy) n'est plus une commune : elle fait partie de la commune 46263 (Barguelonne-en-Quercy). Utilisez le code 46263.",
    ],
    'nom_commune_faux': [
        'territories/vallee-test/territoire.yml:10:9: epci[0].communes[0] : le nom officiel de la commune 46297 est « Salviac » (pas « Salviak ») : recopiez-le tel quel.',
    ],
    'epci_inconnu': [
        "territories/vallee-test/territoire.yml:7:5: epci[0] : aucun EPCI n'a le SIREN « 200035335 » dans le Code officiel géographique (COG, cog-2026). Le SIREN de « CC Cazals-Salviac » est 200035327.",
    ],
    'element_en_double': [
        "territories/vallee-test/projet-de-territoire.yml:12:5: elements[1].id : l'identifiant « o1 » est déjà utilisé ligne 7 : donnez à chaque élément le sien.",
        "territories/vallee-test/projets/chaufferie-cazals.yml:9:16: orientations[0] : l'élément du projet de territoire « o2 » n'existe pas : il n'est pas dans projet-de-territoire.yml. Identifiants possibles : o1, o1-a1.",
    ],
    'financeur_en_double': [
        "territories/financeurs.yml:9:5: financeurs[2].id : l'identifiant « etat » est déjà utilisé ligne 2 : donnez à chaque financeur le sien.",
        "territories/vallee-test/projets/ecole-salviac.yml:23:5: financements[2].financeur : le financeur « departement-lot » n'existe pas : ajoutez-le au registre financeurs.yml ou corrigez l'identifiant. Identifiants possibles : etat, region-occitanie, union-europeenne.",
    ],
    'slug_en_double': [
        'territories/vallee-test/projets/ecole-salviac.yml:1:1: deux fichiers portent le nom « ecole-salviac » (.yml et .yaml) : gardez-en un seul.',
    ],
    'slug_invalide': [
        "territories/vallee-test/projets/Halle Cazals.yml:1:1: le nom de fichier « Halle Cazals » sert d'adresse web : n'utilisez que des minuscules sans accents, des chiffres et des tirets. Renommez-le « halle-cazals ».",
    ],
    "somme_financements": [
        'territories/vallee-test/projets/halle.yml:8:1: financements : la somme des financements (12\u202f000\u202f€) dépasse le coût total (10\u202f000\u202f€) de 2\u202f000\u202f€ : corrigez un montant ou le coût total.',
    ],
    'montant_negatif': [
        'territories/vallee-test/projets/halle.yml:7:1: cout_total : un montant ne peut pas être négatif.',
    ],
    'montant_illisible': [
        "territories/vallee-test/projets/halle.yml:7:1: cout_total : « 1,2 M€ » n'est pas un montant lisible. Formes acceptées : 1250000, 1 250 000, 1 250 000 € ou 1 250 000,50 € (en euros, sans « k€ » ni « M€ »).",
    ],
    'taux_superieur_100': [
        'territories/vallee-test/projets/halle.yml:11:5: financements[0].taux : la valeur « 150 » doit valoir au plus 100.',
    ],
    'dates_inversees': [
        "territories/vallee-test/projets/halle.yml:9:3: dates.fin : la date de fin (2023-05-01) précède la date de début (2024-05-01) : inversez-les ou corrigez l'une des deux.",
    ],
    'realise_sans_fin': [
        'territories/vallee-test/projets/halle.yml:3:1: statut : un projet « realise » doit avoir une date de fin : ajoutez « dates: fin: AAAA-MM-JJ », ou choisissez le statut en_cours.',
    ],
    "date_francaise_inexistante": [
        "territories/vallee-test/projets/halle.yml:8:3: dates.debut : la date « 31/02/2025 » n'existe pas : vérifiez le jour et le mois, puis écrivez-la au format AAAA-MM-JJ (par exemple 2025-02-28).",
    ],
    # Read as amounts (the spaces Word and PDFs put between thousands): only the sum is wrong.
    "montant_espaces_insecables": [
        "territories/vallee-test/projets/halle.yml:8:1: financements : la somme des financements (15\u202f000\u202f€) dépasse le coût total (12\u202f000\u202f€) de 3\u202f000\u202f€ : corrigez un montant ou le coût total.",
    ],
    "commune_par_son_nom": [
        'territories/vallee-test/projets/halle.yml:6:12: communes[0] : « Saint-Géry-Vers » est un nom : indiquez le code INSEE de la commune, "46268" (Saint Géry-Vers, Lot).',
        'territories/vallee-test/projets/halle.yml:6:31: communes[1] : « Salviak » est un nom : indiquez le code INSEE de la commune, "46297" (Salviac, Lot).',
        'territories/vallee-test/projets/halle.yml:6:40: communes[2] : « Beaumont » est un nom : indiquez le code INSEE de la commune voulue, parmi "07029" (Beaumont, Ardèche), "19020" (Beaumont, Corrèze), "32037" (Beaumont, Gers), "43022" (Beaumont, Haute-Loire), "54057" (Beaumont, Meurthe-et-Moselle), "63032" (Beaumont, Puy-de-Dôme) et 2 autres.',
    ],
    # Frayssinet (46113) is a commune of the Lot too: the territory's Frayssinet-le-Gélat first.
    "commune_du_territoire_d_abord": [
        'territories/vallee-test/projets/halle.yml:6:12: communes[0] : « Frayssinet » est un nom : indiquez le code INSEE de la commune voulue, parmi "46114" (Frayssinet-le-Gélat, Lot), "46113" (Frayssinet, Lot).',
    ],
    "commune_nom_avec_oe": [
        'territories/vallee-test/projets/halle.yml:6:12: communes[0] : « Coeur de Causse » est un nom : indiquez le code INSEE de la commune, "46138" (Cœur de Causse, Lot).',
    ],
    "commune_ancienne_par_son_nom": [
        'territories/vallee-test/projets/halle.yml:6:12: communes[0] : « Bagat-en-Quercy » est une ancienne commune, aujourd\'hui dans la commune de Barguelonne-en-Quercy : indiquez le code INSEE de celle-ci, "46263" (Barguelonne-en-Quercy, Lot).',
    ],
    "code_corse_en_minuscules": [
        "territories/vallee-test/projets/halle.yml:6:12: communes[0] : « 2a004 » : les lettres d'un code INSEE de Corse s'écrivent en majuscules, « 2A004 ».",
    ],
    "commune_ni_code_ni_nom": [
        'territories/vallee-test/projets/halle.yml:6:12: communes[0] : « Cazalz-sur-Mer » n\'est pas un code INSEE de commune, ni le nom d\'une commune du Code officiel géographique (COG, cog-2026) : indiquez le code de la commune (5 caractères, par exemple "46042"), qu\'on trouve sur sa fiche (insee.fr).',
    ],
    "financeur_par_son_nom": [
        "territories/vallee-test/projets/halle.yml:8:5: financements[0].financeur : le financeur « Conseil départemental » n'existe pas : ajoutez-le au registre financeurs.yml ou corrigez l'identifiant. Vouliez-vous dire « departement-lot » ?",
        "territories/vallee-test/projets/halle.yml:10:5: financements[1].financeur : le financeur « region » n'existe pas : ajoutez-le au registre financeurs.yml ou corrigez l'identifiant. Vouliez-vous dire « region-occitanie » ?",
    ],
    "contrat_en_majuscules": [
        "territories/vallee-test/projets/halle.yml:8:5: contrats[0].contrat : le contrat « CRTE » n'existe pas : aucun fichier contrats/CRTE.yml dans ce territoire. Vouliez-vous dire « crte » ?",
    ],
    "date_invalide": [
        "territories/vallee-test/projets/halle.yml:8:3: dates.debut : la date « 2023-02-30 » n'existe pas : vérifiez le jour et le mois.",
    ],
    'periode_inversee': [
        'territories/vallee-test/contrats/crte.yml:4:1: periode : la fin (2019) précède le début (2021) : inversez les deux dates.',
    ],
    'annee_hors_periode': [
        "territories/vallee-test/projets/halle.yml:9:5: contrats[0].annee : l'année 2030 est hors de la période du contrat « crte » (2021 – 2026) : corrigez l'année ou le contrat.",
    ],
    'programme_annee_differente': [
        "territories/vallee-test/projets/chaufferie-cazals.yml:12:5: contrats[0].annee : le programme opérationnel 2023 du contrat « cto » liste ce projet, mais il indique l'année 2024 : mettez la même année.",
    ],
    'insee_sans_guillemets': [
        'territories/vallee-test/projets/halle.yml:6:12: communes[0] : le code INSEE doit être écrit entre guillemets, par exemple « "04606" » : sans guillemets, YAML le lit comme un nombre et perd les zéros en tête.',
    ],
    'insee_mal_forme': [
        'territories/vallee-test/projets/halle.yml:6:12: communes[0] : « 4606 » n\'est pas un code INSEE de commune : 5 caractères, des chiffres (ou 2A/2B suivis de 3 chiffres en Corse), par exemple "46042".',
    ],
    'siren_invalide': [
        "territories/vallee-test/projets/halle.yml:6:3: maitre_ouvrage.siren : « 214600661 » n'est pas un numéro SIREN valide : 9 chiffres dont le dernier est une clé de contrôle. Recopiez-le depuis l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).",
    ],
    "image_sans_alt": [
        "territories/vallee-test/projets/halle.yml:8:5: images[0].alt : champ obligatoire manquant : ajoutez « alt: … ». Le texte alternatif décrit l'image pour les personnes qui ne la voient pas.",
        'territories/vallee-test/projets/halle.yml:8:5: images[0].fichier : le fichier « medias/halle.jpg » est introuvable : placez-le dans vallee-test/medias/ ou corrigez le nom.',
    ],
    'fichier_hors_dossier': [
        'territories/vallee-test/projets/halle.yml:8:5: images[0].fichier : « ../../secret.jpg » sort du dossier du territoire : indiquez un chemin relatif comme « medias/photo.jpg », sans « .. » ni « / » au début.',
    ],
    'fichier_absolu': [
        'territories/vallee-test/projets/halle.yml:9:5: documents[0].fichier : « /etc/passwd » sort du dossier du territoire : indiquez un chemin relatif comme « medias/photo.jpg », sans « .. » ni « / » au début.',
    ],
    'url_au_lieu_de_fichier': [
        'territories/vallee-test/projets/halle.yml:8:5: images[0].fichier : « https://example.org/halle.jpg » est une adresse web : un fichier du dossier medias/ est attendu ici (pour un lien vers un document en ligne, utilisez « url »).',
    ],
    'fichier_manquant': [
        'territories/vallee-test/projets/halle.yml:8:5: images[0].fichier : le fichier « medias/halle.jpg » est introuvable : placez-le dans vallee-test/medias/ ou corrigez le nom.',
    ],
    'type_fichier_refuse': [
        "territories/vallee-test/projets/halle.yml:8:5: images[0].fichier : « .svg » n'est pas un type de fichier accepté ici (.avif, .gif, .jpeg, .jpg, .png, .webp).",
    ],
    'lorem_ipsum': [
        'territories/vallee-test/projets/halle.yml:2:1: resume : texte provisoire « Lorem ipsum » : remplacez-le par le vrai texte avant publication (ou, pour un projet, mettez « publication: brouillon »).',
    ],
    'todo_presentation': [
        'territories/vallee-test/territoire.yml:5:1: presentation : texte provisoire « TODO » : remplacez-le par le vrai texte avant publication (ou, pour un projet, mettez « publication: brouillon »).',
    ],
    'a_completer': [
        'territories/vallee-test/projets/halle.yml:7:1: description : texte provisoire « à compléter » : remplacez-le par le vrai texte avant publication (ou, pour un projet, mettez « publication: brouillon »).',
    ],
    'fichier_vide': [
        'territories/vallee-test/projets/halle.yml:1:1: le fichier est vide : il doit contenir au moins les clés communes, maitre_ouvrage, resume, statut, titre.',
    ],
    'liste_au_lieu_de_cles': [
        'territories/vallee-test/projets/halle.yml:1:1: le fichier doit contenir des clés (« clé: valeur »), pas une liste ni un texte seul.',
    ],
    'bombe_alias': [
        'territories/vallee-test/projets/halle.yml:1:8: le fichier se déploie en trop de valeurs (plus de 50 000) : les alias YAML (*nom) y sont probablement imbriqués les uns dans les autres. Écrivez les valeurs sans alias.',
    ],
    'etiquette_python': [
        "territories/vallee-test/projets/halle.yml:1:8: titre : l'étiquette YAML « !!python/object/apply:os.system » n'est pas acceptée : retirez-la (écrivez la valeur simplement, entre guillemets si besoin).",
    ],
    'deux_points': [
        "territories/vallee-test/projets/halle.yml:1:13: syntaxe YAML : deux-points « : » inattendu. Si la valeur contient « : », mettez-la entre guillemets ; sinon vérifiez l'indentation de cette ligne.",
    ],
    'guillemet_non_ferme': [
        "territories/vallee-test/projets/halle.yml:2:10: syntaxe YAML : le fichier se termine avant la fin du texte entre guillemets ouvert ligne 1 : ajoutez le guillemet de fin.",
    ],
    'fichier_inattendu': [
        'territories/vallee-test/territorie.yml:1:1: fichier inattendu « territorie.yml » : il ne sera pas lu. Fichiers attendus ici : territoire.yml, projet-de-territoire.yml. Vouliez-vous dire « territoire.yml » ?',
    ],
    'pas_utf8': [
        "territories/vallee-test/projets/halle.yml:1:1: le fichier n'est pas enregistré en UTF-8 : enregistrez-le en « UTF-8 » dans votre éditeur (les accents sont alors conservés).",
    ],
    'perimetre_vide': [
        'territories/vallee-test/contrats/crte.yml:8:1: perimetre : indiquez « tout: true » (tout le territoire), et/ou la liste des « epci » (SIREN) et/ou des « communes » (codes INSEE) concernés.',
    ],
    'email_invalide': [
        'territories/vallee-test/territoire.yml:21:5: contacts[0].email : « accueil-example.org » : adresse e-mail invalide : écrivez-la sous la forme nom@domaine.fr.',
    ],
    'url_invalide': [
        'territories/vallee-test/projets/halle.yml:9:5: liens[0].url : « javascript:alert(1) » : adresse web invalide : elle doit commencer par https:// (ou http://).',
    ],
    'niveau_trop_profond': [
        "territories/vallee-test/projet-de-territoire.yml:10:9: elements[0].enfants[0].id : « o1-a1 » est au niveau 2 mais « niveaux » n'en nomme que 1 : ajoutez le nom de ce niveau à « niveaux » ou remontez l'élément.",
    ],
    'commune_hors_territoire': [
        "territories/vallee-test/projets/halle.yml:6:12: avertissement : communes[0] : la commune « 46042 » n'est ni dans le territoire ni dans le périmètre des contrats du projet : vérifiez le code, ou rattachez le projet au contrat qui couvre cette commune.",
    ],
    'financements_manquants_montant': [
        'territories/vallee-test/projets/halle.yml:8:5: financements[0].montant : champ obligatoire manquant : ajoutez « montant: … ».',
    ],
    'realise_avancement': [
        'territories/vallee-test/projets/halle.yml:7:1: avancement : un projet « realise » est avancé à 100 % : mettez 100 ou retirez « avancement ».',
    ],
    'programme_projet_inconnu': [
        "territories/vallee-test/contrats/cto.yml:14:15: programmes_operationnels[0].projets[0] : le projet « chauferie-cazals » n'existe pas : aucun fichier projets/chauferie-cazals.yml dans ce territoire. Vouliez-vous dire « chaufferie-cazals » ?",
    ],
    'document_sans_source': [
        "territories/vallee-test/projets/halle.yml:8:5: documents[0] : indiquez soit « fichier » (un fichier du dossier medias/), soit « url » (une adresse web), l'un des deux exactement.",
    ],
    'symlink_hors_dossier': [
        'territories/vallee-test/projets/halle.yml:8:5: images[0].fichier : « medias/secret.jpg » pointe hors du dossier de données : copiez le fichier dans medias/.',
    ],
}


def _apply(root: Path, relative: str, content: str | bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content.startswith("@@"):
        _, old, new = content.split("@@")
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative} ne contient pas {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    else:
        path.write_text(content, encoding="utf-8")


def _symlink_case(root: Path) -> None:
    outside = root.parent / "secret.jpg"
    outside.write_bytes(b"hors du dossier de donnees")
    (root / "vallee-test/medias").mkdir(parents=True, exist_ok=True)
    (root / "vallee-test/medias/secret.jpg").symlink_to(outside)
    _apply(root, P + "halle.yml", BASE_PROJECT + "images:\n  - fichier: medias/secret.jpg\n    alt: secret\n")


@pytest.mark.parametrize("name", sorted(CASES))
def test_user_error_message(name: str, data: Path) -> None:
    spec = CASES[name]
    use_ref = isinstance(spec, tuple)
    files = spec[0] if isinstance(spec, tuple) else spec
    if files == "SYMLINK":
        _symlink_case(data)
    else:
        assert isinstance(files, dict)
        for relative, content in files.items():
            _apply(data, relative, content)
    assert messages(data, REFERENTIEL if use_ref else None) == EXPECTED[name]


def test_every_case_has_an_expectation() -> None:
    assert set(CASES) == set(EXPECTED)
