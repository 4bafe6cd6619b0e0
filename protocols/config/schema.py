"""The coalition's configuration schema, validated once at start-up.

The schema lives in the core because agencies, roster and (later) crisis protocols *are*
the domain: the core's decisions are functions of them. Loading the TOML file and
resolving secrets is I/O and lives in `bot/config_loader.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from enum import StrEnum
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    Field,
    field_validator,
)

from protocols.config.hours import BusinessHours, HolidayCalendar
from protocols.config.policies import (
    DataSettings,
    DirectorySettings,
    MeetingSettings,
    PrivacySettings,
    ReferralSettings,
    ReportSettings,
    RetentionSettings,
    TrainingSettings,
)
from protocols.config.types import Duration
from protocols.config.types import Frozen as _Frozen
from protocols.data.caseids import CaseIdPattern
from protocols.data.dictionary import DataDictionary
from protocols.ids import AgencyCode, UserId, is_room_id_or_alias, is_user_id
from protocols.roles import STAFF_ROLES, Role


def _matrix_user_id(value: str) -> str:
    if not is_user_id(value):
        raise ValueError(f"'{value}' is not a Matrix user id (expected @name:server)")
    return value


def _room(value: str) -> str:
    if not is_room_id_or_alias(value):
        raise ValueError(f"'{value}' is not a room id (!id:server) or alias (#name:server)")
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone '{value}' (use an IANA name such as Europe/Berlin)"
        ) from None
    return value


MatrixUserId = Annotated[str, AfterValidator(_matrix_user_id)]
RoomRef = Annotated[str, AfterValidator(_room)]
TimezoneName = Annotated[str, AfterValidator(_timezone)]
Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9\-]{1,23}$")]


class BotSettings(_Frozen):
    """How the bot reaches its homeserver. Secrets are named here, never stored here."""

    homeserver: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/.*)?$")]
    user_id: MatrixUserId
    device_name: str = "MACT bot"
    password_env: str | None = None
    password_file: str | None = None
    access_token_env: str | None = None
    access_token_file: str | None = None
    data_dir: str = "./mact-data"
    # None: <data_dir>/crypto-store. Holds the E2EE keys and the login; keep it private.
    store_dir: str | None = None
    # None: sqlite+aiosqlite:///<data_dir>/mact.db
    storage_url: str | None = None
    command_prefix: Annotated[str, Field(min_length=1, max_length=3)] = "!"
    # Long-poll timeout of /sync in milliseconds.
    sync_timeout_ms: Annotated[int, Field(ge=1000, le=120000)] = 30000
    # Timeline events per room in one sync; a longer gap (the bot was down) is fetched
    # with /messages, so nothing sent meanwhile is missed either way.
    sync_timeline_limit: Annotated[int, Field(ge=1, le=1000)] = 200
    # A command longer than this is refused in one line before it is parsed or checked:
    # every reply and notice that echoes it must still fit one Matrix event.
    max_command_length: Annotated[int, Field(ge=200, le=20000)] = 4000
    # How long a roster member's message may stay undecryptable (its key withheld, or late)
    # before MACT tells them, in reply, that it could not read it.
    undecryptable_notice_after: Duration = timedelta(seconds=30)
    # Share room keys (pages, coordination messages) only with devices their owner
    # cross-signed: a device a compromised homeserver adds to a staff account reads nothing.
    strict_devices: bool = False

    @field_validator("password_env", "access_token_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not value.replace("_", "").isalnum():
            raise ValueError(f"'{value}' is not an environment variable name")
        return value


class CoalitionSettings(_Frozen):
    name: Annotated[str, Field(min_length=1)]
    timezone: TimezoneName
    # The allow-list: the bot answers only in these rooms (ids or aliases).
    coordination_rooms: Annotated[tuple[RoomRef, ...], Field(min_length=1)]
    # Reactions that acknowledge a page (or its "paged" notice in the huddle thread), as
    # people actually use them; skin tones and emoji variation selectors are ignored.
    ack_reactions: Annotated[tuple[str, ...], Field(min_length=1)] = ("✅", "✔️", "☑️", "👍")


class AgencyKind(StrEnum):
    SHELTER = "shelter"
    HOSPITAL = "hospital"
    LEGAL = "legal"
    POLICE = "police"
    HOTLINE = "hotline"
    ADVOCACY = "advocacy"
    COURT = "court"
    CHILD_WELFARE = "child_welfare"
    OTHER = "other"


_Note = Annotated[str, Field(min_length=1, max_length=300)]


class Program(_Frozen):
    code: Code
    name: Annotated[str, Field(min_length=1)]
    # What a referrer must know (the seed's receiving agency details): how the program
    # prefers referrals to reach it, and who it serves. The agency's own, if unset.
    channel: _Note | None = None
    eligibility: _Note | None = None


class ContactPoint(_Frozen):
    """A staff contact point. Staff contact data is the only personal data MACT holds."""

    name: Annotated[str, Field(min_length=1)]
    role: Annotated[str, Field(min_length=1)]
    matrix_id: MatrixUserId
    phone: str | None = None
    secure_email: str | None = None


class Agency(_Frozen):
    code: Code
    name: Annotated[str, Field(min_length=1)]
    kind: AgencyKind
    programs: tuple[Program, ...] = ()
    primary: ContactPoint
    backup: ContactPoint | None = None
    # How this agency is reached outside business hours, in the agency's own words.
    after_hours: Annotated[str, Field(min_length=1)]
    # None: the coalition's timezone.
    timezone: TimezoneName | None = None
    # None: staffed around the clock, so the primary contact is always the one paged.
    business_hours: BusinessHours | None = None
    holidays: HolidayCalendar | None = None
    # Paged instead of the primary outside business hours and on holidays.
    after_hours_contact: ContactPoint | None = None
    # Who is paged after the primary and backup did not acknowledge: supervisor, then
    # leadership. Matrix ids of this agency's roster members.
    escalation: tuple[MatrixUserId, ...] = ()
    # For referrals to the agency as a whole, and its programs that say nothing else.
    referral_channel: _Note | None = None
    eligibility: _Note | None = None
    # Non-identifying case ids of this agency: '#' a digit, 'A' a letter, others as they
    # are (e.g. HH-####-####). !caseid mints them; --case must match.
    case_id_pattern: CaseIdPattern | None = None

    def program(self, code: str | None) -> Program | None:
        return next((p for p in self.programs if p.code == code), None)

    def referral_notes(self, program: str | None) -> tuple[str | None, str | None]:
        """(preferred channel, eligibility notes) for a referral to `program` (or to the
        agency): the program's own, else the agency's."""
        found = self.program(program)
        return (
            (found.channel if found else None) or self.referral_channel,
            (found.eligibility if found else None) or self.eligibility,
        )

    def contact_points(self) -> list[ContactPoint]:
        return [c for c in (self.primary, self.backup, self.after_hours_contact) if c]


class Criterion(_Frozen):
    code: Code
    description: Annotated[str, Field(min_length=1)]
    # Overrides the protocol's default lead agency for events activated on this criterion.
    lead: Code | None = None


class SequenceStep(_Frozen):
    """One agency in the notification sequence."""

    agency: Code
    # "activation": paged `offset` after activation. "previous_ack": paged `offset` after the
    # previous step is acknowledged (or declared unreachable, so the sequence never stalls).
    after: Literal["activation", "previous_ack"] = "activation"
    offset: Duration = timedelta(0)
    ack_window: Duration
    # "escalate": backup, then the agency's escalation path, then the unreachable notice.
    # "notice": no escalation; post the unreachable notice when the window ends.
    on_no_ack: Literal["escalate", "notice"] = "escalate"

    @field_validator("ack_window")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("ack window must be longer than zero")
        return value


class CommunicationMode(_Frozen):
    # The coordination room that holds the huddle thread (one of coalition.coordination_rooms).
    room: RoomRef
    # Other channels the partners use meanwhile, in words ("phone bridge", "virtual room").
    also: str | None = None


class CheckinPolicy(_Frozen):
    """Huddle timing: the next check-in `cadence` after each one; an action item's owner is
    reminded `reminder_lead` before its due time, told it is overdue at the due time, and the
    owner agency's backup is mentioned once it is `overdue_grace` past due."""

    cadence: Duration = timedelta(minutes=30)
    reminder_lead: Duration = timedelta(minutes=5)
    overdue_grace: Duration = timedelta(minutes=15)

    @field_validator("cadence", "overdue_grace")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("must be longer than zero")
        return value


class ReviewPolicy(_Frozen):
    """The after-action review: its template is posted on the last business day of the
    window (the lead agency's calendar) at `post_at`, local time; 0 days means the day of
    closing. Improvement items are reminded like action items, on a longer scale."""

    post_at: time = time(9, 0)
    improvement_reminder_lead: Duration = timedelta(days=1)
    improvement_overdue_grace: Duration = timedelta(days=2)


DEFAULT_OUTCOMES = ("SAFETY-PLAN", "SHELTERED", "REFERRED", "STOOD-DOWN", "OTHER")


class DocumentationMinimum(_Frozen):
    min_decisions: Annotated[int, Field(ge=0)] = 1
    all_actions_resolved: bool = True
    require_outcome_note: bool = False
    # Who must have put a note or a decision on the record before closing (the seed's
    # "minimum notes by the lead and supporting agencies"): nobody in particular, the lead
    # agency, or every agency that acknowledged.
    notes_from: Literal["none", "lead", "participants"] = "none"


class Protocol(_Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9\-]{1,31}$")]
    title: Annotated[str, Field(min_length=1)]
    version: Annotated[int, Field(ge=1)]
    criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)]
    default_lead: Code
    sequence: Annotated[tuple[SequenceStep, ...], Field(min_length=1)]
    communication: CommunicationMode
    may_activate: tuple[Role, ...] = tuple(r for r in Role if r in STAFF_ROLES)
    # Roster members with this role are mentioned when an agency cannot be reached.
    coordinator_role: Role = Role.COORDINATOR
    checkin: CheckinPolicy = CheckinPolicy()
    documentation: DocumentationMinimum = DocumentationMinimum()
    review_window_business_days: Annotated[int, Field(ge=0, le=60)] = 5
    review: ReviewPolicy = ReviewPolicy()
    # The outcome codes `!close` accepts (non-identifying: what happened, never who).
    outcomes: Annotated[tuple[Code, ...], Field(min_length=1)] = DEFAULT_OUTCOMES

    @field_validator("outcomes")
    @classmethod
    def _unique_outcomes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        twice = sorted({o for o in value if value.count(o) > 1})
        if twice:
            raise ValueError(f"outcome codes listed twice: {', '.join(twice)}")
        return value

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code.upper()), None)

    def step_for(self, agency: str) -> SequenceStep | None:
        return next((s for s in self.sequence if s.agency == agency), None)


class RosterEntry(_Frozen):
    matrix_id: MatrixUserId
    agency: Code
    role: Role
    # How MACT names them in what it posts (staff, not clients); the Matrix id if unset.
    name: Annotated[str, Field(min_length=1, max_length=80)] | None = None


class MactConfig(_Frozen):
    bot: BotSettings
    coalition: CoalitionSettings
    agencies: Annotated[tuple[Agency, ...], Field(min_length=1)]
    roster: Annotated[tuple[RosterEntry, ...], Field(min_length=1)]
    protocols: tuple[Protocol, ...] = ()
    privacy: PrivacySettings = PrivacySettings()
    retention: RetentionSettings = RetentionSettings()
    referrals: ReferralSettings = ReferralSettings()
    directory: DirectorySettings = DirectorySettings()
    reports: ReportSettings = ReportSettings()
    data: DataSettings = DataSettings()
    meetings: MeetingSettings = MeetingSettings()
    training: TrainingSettings = TrainingSettings()
    # The dictionary file's content, put here by the loader (see `codes`).
    dictionary: DataDictionary | None = None

    @property
    def codes(self) -> DataDictionary:
        """The shared data dictionary: the coalition's, else MACT's built-in codes."""
        from protocols.data.builtin import builtin_dictionary  # it reads this module

        return self.dictionary or builtin_dictionary()

    def protocol(self, protocol_id: str) -> Protocol | None:
        return next((p for p in self.protocols if p.id == protocol_id.lower()), None)

    def agency(self, code: str) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    def roster_entry(self, user_id: str) -> RosterEntry | None:
        return next((r for r in self.roster if r.matrix_id == user_id), None)

    def member(self, user_id: str) -> Member | None:
        """The sender as MACT knows them: a roster entry, or else an agency's contact point
        (role None: they may acknowledge pages, nothing more)."""
        entry = self.roster_entry(user_id)
        if entry is not None:
            return Member(UserId(entry.matrix_id), AgencyCode(entry.agency), entry.role)
        for agency in self.agencies:
            if any(c.matrix_id == user_id for c in agency.contact_points()):
                return Member(UserId(user_id), AgencyCode(agency.code), None)
        return None

    def names(self) -> dict[str, str]:
        """Staff names by Matrix id: agencies' contact points, then the roster's (which
        win: a roster name is the one the coalition chose for the person)."""
        found = {c.matrix_id: c.name for a in self.agencies for c in a.contact_points()}
        found |= {r.matrix_id: r.name for r in self.roster if r.name is not None}
        return found

    def users_with_role(self, role: Role) -> list[UserId]:
        return [UserId(r.matrix_id) for r in self.roster if r.role is role]

    @property
    def agency_codes(self) -> tuple[AgencyCode, ...]:
        return tuple(AgencyCode(a.code) for a in self.agencies)


@dataclass(frozen=True, slots=True)
class Member:
    user_id: UserId
    agency: AgencyCode
    role: Role | None

    def describe(self) -> str:
        role = self.role.value if self.role else "contact point, not on the roster"
        return f"{role} ({self.agency})"
