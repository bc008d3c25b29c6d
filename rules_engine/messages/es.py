"""Español: las frases de las reglas y las palabras fijas de la explicación, traducidas de en.py.

Mismas claves y mismos nombres entre llaves que el inglés (tests/test_rules_messages.py lo
comprueba). Vocabulario de los artículos en español: freelancer, agencia, cliente, hito, fondos
del proyecto, diario de trabajo, tiempo admisible, liberar, financiar, impugnar, periodo de
revisión, periodo de seguridad, saldo disponible, valoración, elusión. Los importes se escriben
como en los artículos en español: 40.00.
"""
from decimal import Decimal

from . import Language

_WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre")


def _moment(local, weekday: bool) -> str:
    # 26 de noviembre de 2026 a las 10:00 UTC; con el día, jueves 26 de noviembre de 2026 a las 10:00 UTC.
    at = "a la" if local.hour == 1 else "a las"
    text = f"{local.day} de {_MONTHS[local.month - 1]} de {local.year} {at} {local:%H:%M} {local:%Z}"
    return f"{_WEEKDAYS[local.weekday()]} {text}" if weekday else text


LANGUAGE = Language(
    code="es",
    decimal=".",
    group="",
    group_from=0,
    moment=_moment,
    plural=lambda n: "one" if n == Decimal(1) else "other",  # 1 hora, 1.5 horas
    units={"day": ("día", "días"), "hour": ("hora", "horas"), "minute": ("minuto", "minutos")},
    join=" y ",
)

_PARTY = "{party, select, client {El cliente} agency {La agencia} other {El freelancer}}"
_OF_PROVIDER = "{provider, select, agency {de la agencia} other {del freelancer}}"

MESSAGES = {
    # -- consecuencias, por código -----------------------------------------------------------
    "contract.ended":
        _PARTY + " finalizó el contrato el {ended_at}; cualquiera de las dos partes puede finalizar un contrato "
        "en cualquier momento.",
    "policy.circumvention":
        _PARTY + " finalizó el contrato para llevarse el trabajo o los pagos fuera de la plataforma, lo que es "
        "elusión según las Condiciones del servicio y puede llevar a la suspensión de la cuenta; el contrato "
        "finaliza igualmente.",
    "feedback.open":
        "Cada parte puede dejar una valoración a la otra hasta el {until}, {window} después del cierre del "
        "contrato.",
    "hourly.diary-locked":
        "El diario de trabajo se bloquea el {at}; a partir de entonces no se pueden añadir ni modificar horas.",
    "hourly.time-paid":
        "{provider, select, agency {La agencia} other {El freelancer}} recibe {paid, amount} por "
        "{hours, plural, one {# hora} other {# horas}} de tiempo admisible registrado a {rate, amount} la hora.",
    "hourly.ineligible-time-unpaid":
        "Finalizar el contrato no paga {hours, plural, one {# hora} other {# horas}} de tiempo registrado que "
        "no es admisible.",
    "hourly.billed":
        "{hours, plural, one {La # hora admisible se factura} other {Las # horas admisibles se facturan}} al "
        "cliente el {billed, weekday}, y el cliente puede impugnar{hours, plural, one {la} other {las}} hasta "
        "el {until, weekday}.",
    "fixed.milestone-kept":
        "El hito «{milestone}» se liberó: {provider, select, agency {la agencia} other {el freelancer}} "
        "conserva sus {amount, amount}.",
    "fixed.milestone-refunded":
        "El hito «{milestone}» se financió pero no se liberó: sus {amount, amount} vuelven al cliente.",
    "fixed.unassigned-funds-refunded":
        "Los {amount, amount} de los fondos del proyecto que no están asignados a ningún hito vuelven al "
        "cliente.",
    "fixed.milestone-closed-unfunded":
        "El hito «{milestone}» nunca se financió: se cierra sin que se mueva dinero.",
    "payment.available":
        "Los {amount, amount} " + _OF_PROVIDER + " llegan a su saldo disponible el {available, weekday}, "
        "después del periodo de revisión y del periodo de seguridad de {days, plural, one {# día} other {# días}}.",
    "payment.available.milestone":
        "Los {amount, amount} " + _OF_PROVIDER + " por el hito «{milestone}» llegan a su saldo disponible el "
        "{available, weekday}, {wait} después de su liberación.",
    "payment.available.milestone-holidays":
        "Los {amount, amount} " + _OF_PROVIDER + " por el hito «{milestone}» llegan a su saldo disponible a más "
        "tardar el {available, weekday}, como todo hito liberado durante las fiestas de fin de año.",
    "payment.available.milestone-undated":
        "Los {amount, amount} " + _OF_PROVIDER + " por el hito «{milestone}» llegan a su saldo disponible "
        "{wait} después de su liberación.",
    # -- por qué una regla no se aplicó, por id de regla -------------------------------------
    "otherwise": "Nada en este escenario la activa.",
    "otherwise.policy.circumvention":
        "El contrato no se finalizó para llevarse el trabajo o los pagos fuera de la plataforma.",
    "otherwise.hourly.eligible-time-paid":
        "No se registró tiempo admisible, así que finalizar el contrato no paga nada.",
    "otherwise.hourly.weekly-billing":
        "No se registró tiempo admisible en la semana en que terminó el contrato, así que no se factura nada más.",
    "otherwise.fixed.released-milestones-kept":
        "No se liberó ningún hito, así que no hay ningún pago de hito que conservar.",
    "otherwise.fixed.unused-funds-refunded":
        "No queda dinero en los fondos del proyecto, así que nada vuelve al cliente.",
    "otherwise.fixed.unfunded-milestones-close": "No hay ningún hito sin financiar.",
    "otherwise.payment.security-period":
        "No se paga nada al freelancer ni a la agencia, así que no hay dinero esperando en el periodo de "
        "seguridad.",
    # -- las palabras fijas de `helpcenter rules explain` y de POST /api/rules/end-contract ---
    "explain.headline":
        "Contrato {type, select, hourly {por horas} other {de precio fijo}} con "
        "{provider, select, agency {una agencia} other {un freelancer}}, finalizado por "
        "{party, select, client {el cliente} agency {la agencia} other {el freelancer}} el {closed_at, weekday}:",
    "explain.trace-heading": "Traza (todas las reglas que se aplican a este contrato):",
    "explain.trace-step": "{rule_id}: {fired, select, true {se aplicó} other {no se aplicó}}. {reason}",
}
