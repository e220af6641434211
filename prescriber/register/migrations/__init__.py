"""Alembic migrations of the register (run by :meth:`prescriber.register.Register.upgrade`)."""
