from django.db import migrations


class Migration(migrations.Migration):
    """A member's unit must belong to the member's institution (composite foreign key)."""

    dependencies = [("members", "0001_initial"), ("institutions", "0002_relations")]

    operations = [
        migrations.RunSQL(
            sql=(
                "ALTER TABLE members_member "
                "ADD CONSTRAINT member_unit_same_institution FOREIGN KEY (unit_id, institution_id) "
                "REFERENCES institutions_unit (id, institution_id) DEFERRABLE INITIALLY DEFERRED"
            ),
            reverse_sql="ALTER TABLE members_member DROP CONSTRAINT member_unit_same_institution",
        ),
    ]
