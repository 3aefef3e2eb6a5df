from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    customer_email = models.EmailField()
    total = models.DecimalField(max_digits=10, decimal_places=2)
    status = models.CharField(max_length=20, default="new")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Order {self.number}"


class Refund(models.Model):
    """Not registered in the admin: its events get a label but no "Open in admin" link."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    reason = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"Refund {self.pk} of {self.order}"
