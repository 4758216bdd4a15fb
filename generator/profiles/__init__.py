"""Conventions as data: one YAML profile per guideline (HD 36, QĐ 399, NĐ 30), its typed model,
and the strings the conventions make (number line, date line, labels), read both by the writer
and by the checker."""
from generator.profiles.profile import Profile, load_profile, profile_for, shipped_profiles

__all__ = ["Profile", "load_profile", "profile_for", "shipped_profiles"]
