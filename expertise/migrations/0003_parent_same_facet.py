from django.db import migrations


class Migration(migrations.Migration):
    """A parent must be in the same facet: a composite foreign key makes the database refuse anything else."""

    dependencies = [("expertise", "0002_postgres_extensions")]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE expertise_expertisearea ADD CONSTRAINT expertisearea_id_facet_key UNIQUE (id, facet)",
                "ALTER TABLE expertise_expertisearea "
                "ADD CONSTRAINT expertisearea_parent_same_facet FOREIGN KEY (parent_id, facet) "
                "REFERENCES expertise_expertisearea (id, facet) DEFERRABLE INITIALLY DEFERRED",
            ],
            reverse_sql=[
                "ALTER TABLE expertise_expertisearea DROP CONSTRAINT expertisearea_parent_same_facet",
                "ALTER TABLE expertise_expertisearea DROP CONSTRAINT expertisearea_id_facet_key",
            ],
        ),
    ]
