"""A second AdminSite (a "backoffice"), to check ADMIN_SITE."""

from django.contrib.admin import AdminSite

from orders.admin import OrderAdmin
from orders.models import Order

site = AdminSite(name="backoffice")
site.register(Order, OrderAdmin)
