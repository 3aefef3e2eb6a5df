#!/usr/bin/env python
"""The example project: a small shop with the Audit Console mounted at /admin/audit/."""
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # The package itself, without installing it (integrations/django).
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
