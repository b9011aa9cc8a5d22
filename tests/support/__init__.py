"""Helpers the tests share: the example project, sample profiles and the site checker."""
