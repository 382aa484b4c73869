from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class MminConfig(AppConfig):
    name = "mmin"
    verbose_name = "MMIN Directory"

    def ready(self):
        from mmin.pagecache import on_directory_row_changed, on_migrated

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_directory_row_changed, dispatch_uid=f"mmin.pagecache.{id(signal)}")
        post_migrate.connect(on_migrated, sender=self, dispatch_uid="mmin.pagecache.migrated")
