import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.expressions
from django.db import migrations

# An accent-folding English configuration: "Muller" finds "Müller", "segmenting" finds "segmentation".
# mmin_unaccent is unaccent() declared IMMUTABLE (it is, for a fixed dictionary) so it can be indexed.
# Names are schema-qualified because index builds run with a restricted search_path (PostgreSQL 17+);
# the extensions live in public, where expertise/0002 creates them.
SEARCH_SQL = [
    "CREATE TEXT SEARCH CONFIGURATION mmin (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION mmin ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem",
    "CREATE FUNCTION mmin_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
]
REVERSE_SQL = ["DROP FUNCTION mmin_unaccent(text)", "DROP TEXT SEARCH CONFIGURATION mmin"]


class Migration(migrations.Migration):
    dependencies = [
        ("expertise", "0002_postgres_extensions"),
        ("members", "0002_unit_same_institution"),
    ]

    operations = [
        migrations.RunSQL(SEARCH_SQL, REVERSE_SQL),
        migrations.AddField(
            model_name="member",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="member_search_idx"),
        ),
        migrations.AddIndex(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.expressions.Func(
                        django.db.models.expressions.F("full_name"), function="mmin_unaccent"
                    ),
                    name="gin_trgm_ops",
                ),
                name="member_name_trgm_idx",
            ),
        ),
    ]
