import json

from django.core.management.base import BaseCommand, CommandError

from audit_console import conf, config


class Command(BaseCommand):
    help = (
        "Print the Audit Console's config.json (content-type labels, admin links and the "
        "AUDIT_CONSOLE settings), for a console hosted as static files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            required=True,
            help="The site's origin (and SCRIPT_NAME, if any), e.g. https://shop.example.com: "
            "admin links and the API URL are made absolute with it.",
        )
        parser.add_argument(
            "--auth",
            choices=("token", "session"),
            default=None,
            help="config.json 'auth' (default: AUDIT_CONSOLE['auth'], else token, since a "
            "console hosted elsewhere cannot use the admin's session).",
        )

    def handle(self, *args, **options):
        base = options["base_url"].rstrip("/")
        if not conf.is_http_url(base + "/"):
            raise CommandError(f"--base-url must be an absolute http(s) URL, not {base!r}")
        problems = conf.validate()
        if problems:
            raise CommandError("; ".join(p[0] for p in problems))

        def absolute(path):
            return base + path

        data = config.generate(absolute, auth_default=options["auth"] or "token")
        self.stdout.write(json.dumps(data, indent=2))
