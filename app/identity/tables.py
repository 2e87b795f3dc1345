"""People (affiliates) and staff users."""

from enum import StrEnum

from piccolo.columns import UUID, Boolean, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Language(StrEnum):
    FR = "fr"
    NL = "nl"
    EN = "en"


class Person(Table, tablename="person"):
    """An affiliate: a self-employed person, helping spouse or company director."""

    id = UUID(primary_key=True)
    national_number = Varchar(length=11, unique=True)  # NISS/INSZ, 11 digits, validated
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    email = Varchar(length=254, null=True, default=None, index=True)
    phone = Varchar(length=32, null=True, default=None)
    language = Varchar(length=2, default=Language.FR.value)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class StaffUser(Table, tablename="staff_user"):
    id = UUID(primary_key=True)
    email = Varchar(length=254, unique=True)
    full_name = Varchar(length=200)
    role = Varchar(length=16, default="agent")  # agent, supervisor, admin
    team = Varchar(length=64, default="general")
    language = Varchar(length=2, default=Language.FR.value)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
