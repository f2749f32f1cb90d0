"""Built-in vocabularies. A site extends them in `site.yml` (types_contrats, thematiques)."""

from __future__ import annotations

CONTRACT_TYPES: dict[str, str] = {
    "crte": "Contrat pour la réussite de la transition écologique (CRTE)",
    "contrat-territorial-occitanie": "Contrat Territorial Occitanie",
    "bourg-centre-occitanie": "Contrat Bourg-Centre Occitanie",
    "petites-villes-de-demain": "Petites Villes de Demain",
    "action-coeur-de-ville": "Action Cœur de Ville",
    "leader": "Programme LEADER (FEADER)",
    "contrat-local-de-sante": "Contrat Local de Santé",
    "contrat-de-ruralite": "Contrat de ruralité",
    "na-attractivite": "Contrat d'attractivité (Nouvelle-Aquitaine)",
    "na-dynamisation-cohesion": "Contrat de dynamisation et de cohésion (Nouvelle-Aquitaine)",
    "na-attractivite-solidarite": "Contrat d'attractivité et de solidarité (Nouvelle-Aquitaine)",
    "na-developpement-transitions": "Contrat de développement et de transitions (Nouvelle-Aquitaine)",
    "contrat-departemental": "Contrat départemental",
    "autre": "Autre contrat",
}

THEMATIQUES: dict[str, str] = {
    "agriculture-alimentation": "Agriculture et alimentation",
    "amenagement-centre-bourg": "Aménagement et centres-bourgs",
    "culture-patrimoine": "Culture et patrimoine",
    "eau-biodiversite": "Eau et biodiversité",
    "economie-emploi": "Économie et emploi",
    "education-jeunesse": "Éducation, enfance et jeunesse",
    "energie-climat": "Énergie et climat",
    "habitat-logement": "Habitat et logement",
    "ingenierie": "Ingénierie et animation",
    "mobilite": "Mobilité",
    "numerique": "Numérique",
    "sante": "Santé",
    "services-publics": "Services au public",
    "solidarites": "Solidarités et cohésion sociale",
    "sport-loisirs": "Sport et loisirs",
    "tourisme": "Tourisme",
}

REGIONS: tuple[str, ...] = (
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire",
    "Corse", "Grand Est", "Guadeloupe", "Guyane", "Hauts-de-France", "Île-de-France",
    "La Réunion", "Martinique", "Mayotte", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
    "Pays de la Loire", "Provence-Alpes-Côte d'Azur",
)

REGION_CODES: dict[str, str] = {  # code INSEE of the région → its name
    "84": "Auvergne-Rhône-Alpes", "27": "Bourgogne-Franche-Comté", "53": "Bretagne",
    "24": "Centre-Val de Loire", "94": "Corse", "44": "Grand Est", "01": "Guadeloupe",
    "03": "Guyane", "32": "Hauts-de-France", "11": "Île-de-France", "04": "La Réunion",
    "02": "Martinique", "06": "Mayotte", "28": "Normandie", "75": "Nouvelle-Aquitaine",
    "76": "Occitanie", "52": "Pays de la Loire", "93": "Provence-Alpes-Côte d'Azur",
}

DEFAULT_DEMO_NOTICE = (
    "Site de démonstration construit à partir d'informations publiques : certains contenus "
    "sont illustratifs et ne constituent pas une publication officielle."
)
