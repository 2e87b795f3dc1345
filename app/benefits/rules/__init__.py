"""The benefits' pure rules: schedules computed from the year files, table-tested."""
