from django.db import migrations


class Migration(migrations.Migration):
    """A facility's unit must belong to the facility's institution (composite foreign key)."""

    dependencies = [("institutions", "0002_relations")]

    operations = [
        migrations.RunSQL(
            sql=(
                "ALTER TABLE institutions_facility "
                "ADD CONSTRAINT facility_unit_same_institution FOREIGN KEY (unit_id, institution_id) "
                "REFERENCES institutions_unit (id, institution_id) DEFERRABLE INITIALLY DEFERRED"
            ),
            reverse_sql="ALTER TABLE institutions_facility DROP CONSTRAINT facility_unit_same_institution",
        ),
    ]
