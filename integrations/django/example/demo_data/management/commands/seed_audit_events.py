from datetime import datetime

from django.core.management.base import BaseCommand

from demo_data.seed import seed


class Command(BaseCommand):
    help = "Create the example shop's objects, users and realistic audit events."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=500)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--days", type=int, default=90, help="spread events over this many days")
        parser.add_argument("--anchor", help="ISO 8601 instant the newest events approach (default: now)")
        parser.add_argument("--token", help="an API token for a staff user 'api'")
        parser.add_argument("--forbidden-token", help="an API token for a non-staff user 'guest' (403)")

    def handle(self, *args, **o):
        anchor = datetime.fromisoformat(o["anchor"]) if o["anchor"] else None
        made = seed(o["events"], o["seed"], o["days"], anchor, o["token"], o["forbidden_token"])
        self.stdout.write(f"seeded {len(made)} audit events")
