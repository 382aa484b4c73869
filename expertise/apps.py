from django.apps import AppConfig


class ExpertiseConfig(AppConfig):
    name = "expertise"
    verbose_name = "Expertise"
