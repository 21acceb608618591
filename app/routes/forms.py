"""Form helpers shared by the live-session routes: errors and limits, translated."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.i18n import _, translate

# Messages for StoreError codes; shown in the participant's or facilitator's language.
STORE_MESSAGES: dict[str, str] = {
    "no_cards": _("Choose at least one card, or a session plan."),
    "threshold_too_low": _("The privacy threshold must be 2 or more."),
    "ended": _("This session has ended."),
    "not_started": _("Deal the first card before turning it over."),
    "no_previous": _("There is no card before this one."),
    "bad_phase": _("That is not a step in this session."),
    "join_locked": _("The facilitator has closed this session to new people."),
    "bad_card": _("That card is not part of this session."),
    "bad_kind": _("Choose what kind of reflection this is."),
    "bad_level": _("Choose a level from the list."),
    "empty": _("Write something before you send it."),
    "bad_action": _("That action is not available."),
    "bad_statements": _("Choose up to three statements from the list."),
    "check_closed": _("This check is not open at the moment."),
    "bad_scores": _("Choose an answer from 1 to 5 for at least one statement."),
    "already_answered": _("You have already answered this check. Thank you."),
    "not_joined": _("Join the session first."),
    "no_check": _("This session has no confidence check."),
    "vote_closed": _("The vote is not open at the moment."),
    "no_votes": _("Choose at least one action to vote for."),
    "too_many_votes": _("Choose up to three actions."),
    "bad_vote": _("That action is not on the list any more. Choose again."),
    "already_voted": _("You have already voted. Thank you."),
    "no_concern": _("That concern is no longer here."),
    "no_reply_route": _("This concern was raised in a way that cannot receive a reply."),
    "empty_reply": _("Choose a reply or write a short one."),
    "bad_reply": _("Choose a reply from the list."),
}


def store_message(lang: str, code: str) -> str:
    """The translated message for a StoreError code."""
    message = STORE_MESSAGES[code]
    return translate(lang, message)


@dataclass
class FormErrors:
    """Field name → translated message, in the order they appear on the page."""

    messages: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.messages.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.messages)
