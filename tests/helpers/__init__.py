"""Helpers for the reliability and security tests (crash safety, hostile input, fuzzing)."""
