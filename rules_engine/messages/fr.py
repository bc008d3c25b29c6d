"""Français : les phrases des règles et les mots fixes de l'explication, traduits de en.py.

Mêmes clés et mêmes noms entre accolades que l'anglais (tests/test_rules_messages.py le vérifie).
Vocabulaire des articles français : freelance, agence, client, jalon, fonds du projet, journal de
travail, débloquer, financer, période de vérification, période de sécurité, solde disponible,
évaluation, contournement.
"""
from decimal import Decimal

from . import Language

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


def _moment(local, weekday: bool) -> str:
    # 26 novembre 2026 à 10:00 UTC ; avec le jour, jeudi 26 novembre 2026 à 10:00 UTC ; 1er décembre.
    day = "1er" if local.day == 1 else str(local.day)
    text = f"{day} {_MONTHS[local.month - 1]} {local.year} à {local:%H:%M} {local:%Z}"
    return f"{_WEEKDAYS[local.weekday()]} {text}" if weekday else text


LANGUAGE = Language(
    code="fr",
    decimal=",",
    group="\u202f",  # espace fine insécable : 1 234,50
    group_from=4,
    moment=_moment,
    plural=lambda n: "one" if 0 <= n < 2 else "other",  # 0 heure, 1,5 heure, 2 heures
    units={"day": ("jour", "jours"), "hour": ("heure", "heures"), "minute": ("minute", "minutes")},
    join=" et ",
)

_PARTY = "{party, select, client {Le client a mis fin} agency {L'agence a mis fin} other {Le freelance a mis fin}}"
_OF_PROVIDER = "{provider, select, agency {de l'agence} other {du freelance}}"

MESSAGES = {
    # -- conséquences, par code --------------------------------------------------------------
    "contract.ended":
        _PARTY + " au contrat le {ended_at} ; chaque partie peut mettre fin à un contrat à tout moment.",
    "policy.circumvention":
        _PARTY + " au contrat pour faire passer le travail ou les paiements hors de la plateforme : c'est un "
        "contournement au sens des Conditions d'utilisation, qui peut entraîner la suspension du compte ; le "
        "contrat prend fin malgré tout.",
    "feedback.open":
        "Chaque partie peut laisser une évaluation à l'autre jusqu'au {until}, soit {window} après la clôture "
        "du contrat.",
    "hourly.diary-locked":
        "Le journal de travail est verrouillé le {at} ; aucune heure ne peut ensuite y être ajoutée ni modifiée.",
    "hourly.time-paid":
        "{provider, select, agency {L'agence reçoit} other {Le freelance reçoit}} {paid, amount} pour "
        "{hours, plural, one {# heure} other {# heures}} de temps éligible enregistré, au taux de "
        "{rate, amount} de l'heure.",
    "hourly.ineligible-time-unpaid":
        "La fin du contrat ne donne lieu à aucun paiement pour {hours, plural, one {# heure} other {# heures}} "
        "de temps enregistré non éligible.",
    "hourly.billed":
        "Le client est facturé pour {hours, plural, one {# heure éligible} other {# heures éligibles}} le "
        "{billed, weekday}, et peut {hours, plural, one {la} other {les}} contester jusqu'au {until, weekday}.",
    "fixed.milestone-kept":
        "Le jalon « {milestone} » a été débloqué : {provider, select, agency {l'agence} other {le freelance}} "
        "en conserve les {amount, amount}.",
    "fixed.milestone-refunded":
        "Le jalon « {milestone} » a été financé mais pas débloqué : ses {amount, amount} reviennent au client.",
    "fixed.unassigned-funds-refunded":
        "Les {amount, amount} des fonds du projet qui ne sont rattachés à aucun jalon reviennent au client.",
    "fixed.milestone-closed-unfunded":
        "Le jalon « {milestone} » n'a jamais été financé : il est clôturé sans aucun mouvement d'argent.",
    "payment.available":
        "Les {amount, amount} " + _OF_PROVIDER + " arrivent sur son solde disponible le {available, weekday}, "
        "après la période de vérification et la période de sécurité de {days, plural, one {# jour} other {# jours}}.",
    "payment.available.milestone":
        "Les {amount, amount} " + _OF_PROVIDER + " pour le jalon « {milestone} » arrivent sur son solde "
        "disponible le {available, weekday}, {wait} après leur déblocage.",
    "payment.available.milestone-holidays":
        "Les {amount, amount} " + _OF_PROVIDER + " pour le jalon « {milestone} » arrivent sur son solde "
        "disponible au plus tard le {available, weekday}, comme pour tout jalon débloqué pendant les fêtes de fin d'année.",
    "payment.available.milestone-undated":
        "Les {amount, amount} " + _OF_PROVIDER + " pour le jalon « {milestone} » arrivent sur son solde "
        "disponible {wait} après leur déblocage.",
    # -- pourquoi une règle ne s'est pas appliquée, par identifiant de règle -----------------
    "otherwise": "Rien dans ce scénario ne la déclenche.",
    "otherwise.policy.circumvention":
        "Le contrat n'a pas été clôturé pour faire passer le travail ou les paiements hors de la plateforme.",
    "otherwise.hourly.eligible-time-paid":
        "Aucun temps éligible n'a été enregistré : la fin du contrat ne donne lieu à aucun paiement.",
    "otherwise.hourly.weekly-billing":
        "Aucun temps éligible n'a été enregistré pendant la semaine où le contrat a pris fin : rien de plus "
        "n'est facturé.",
    "otherwise.fixed.released-milestones-kept":
        "Aucun jalon n'a été débloqué : il n'y a pas de paiement de jalon à conserver.",
    "otherwise.fixed.unused-funds-refunded":
        "Il ne reste pas d'argent dans les fonds du projet : rien ne revient au client.",
    "otherwise.fixed.unfunded-milestones-close": "Aucun jalon n'est resté sans financement.",
    "otherwise.payment.security-period":
        "Rien n'est versé au freelance ni à l'agence : aucun argent n'attend en période de sécurité.",
    # -- les mots fixes de `helpcenter rules explain` et de POST /api/rules/end-contract -----
    "explain.headline":
        "Contrat {type, select, hourly {à l'heure} other {à prix fixe}} avec "
        "{provider, select, agency {une agence} other {un freelance}}, clôturé par "
        "{party, select, client {le client} agency {l'agence} other {le freelance}} le {closed_at, weekday} :",
    "explain.trace-heading": "Trace (toutes les règles qui s'appliquent à ce contrat) :",
    "explain.trace-step": "{rule_id} : {fired, select, true {appliquée} other {non appliquée}}. {reason}",
}
