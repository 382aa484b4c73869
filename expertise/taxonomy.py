"""The curated taxonomy of imaging expertise: read from taxonomy.md and loaded into ExpertiseArea.

taxonomy.md is the product's own copy of the starter list; curators grow the tree in the admin.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import transaction
from django.utils.text import slugify

from expertise.models import ExpertiseArea, Facet

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.md")

_FACET_HEADING = re.compile(r"^##\s+(?P<facet>.+?)\s*$")
_TERM_LINE = re.compile(r"^(?P<indent> *)- (?P<body>.+?)\s*$")
_INDENT = 2

# One plain-English sentence per term, shown on the expertise page and to clinicians who
# do not know the jargon. Terms added to taxonomy.md later without a sentence here keep
# whatever description a curator wrote in the admin.
DESCRIPTIONS = {
    # Modality
    "Magnetic resonance imaging": (
        "Imaging with a strong magnetic field and radio waves that shows soft tissue in detail without ionising "
        "radiation."
    ),
    "Ultra-high-field MRI": (
        "MRI at 7 tesla or above, which gives finer detail and stronger signal than standard clinical scanners."
    ),
    "Low-field and portable MRI": (
        "MRI with weaker, cheaper magnets that can be moved to the bedside or used where a full scanner is not "
        "available."
    ),
    "Magnetoencephalography": (
        "Measurement of the tiny magnetic fields produced by brain activity, showing when and where the brain "
        "responds with millisecond timing."
    ),
    "OPM-MEG": (
        "Wearable MEG built from small optically pumped magnetometers placed on the head, so people can move "
        "during a recording."
    ),
    "SQUID MEG": (
        "Conventional MEG in which superconducting sensors, cooled by liquid helium, sit in a fixed helmet "
        "around the head."
    ),
    "Electroencephalography": (
        "Recording of the brain's electrical activity with electrodes on the scalp, used in research and to "
        "diagnose epilepsy."
    ),
    "Intracranial EEG": (
        "Recording of brain activity with electrodes placed on or inside the brain, usually while planning "
        "epilepsy surgery."
    ),
    "Positron emission tomography": (
        "Imaging of a small dose of a radioactive tracer to show metabolism, blood flow or specific molecules "
        "in the body."
    ),
    "Hybrid PET-MR": (
        "A scanner that acquires PET and MRI at the same time, combining molecular information with detailed anatomy."
    ),
    "Single-photon emission computed tomography": (
        "Nuclear medicine imaging that uses gamma-emitting tracers and a rotating camera to map blood flow and "
        "organ function in 3D."
    ),
    "Computed tomography": (
        "Cross-sectional imaging built from many X-ray projections, fast and widely used in emergency and cancer care."
    ),
    "Photon-counting CT": (
        "A newer CT detector technology that counts individual X-ray photons and measures their energy, giving "
        "sharper images and material information."
    ),
    "X-ray imaging": ("Projection images made with X-rays, including plain radiographs and mammography."),
    "Ultrasound imaging": (
        "Imaging with high-frequency sound waves, portable and radiation-free, used from pregnancy scans to "
        "heart and muscle imaging."
    ),
    "Optical imaging": (
        "Imaging with light, such as optical coherence tomography and photoacoustic imaging, for high-resolution "
        "views near the surface of tissue."
    ),
    "Functional near-infrared spectroscopy": (
        "A wearable method that shines near-infrared light through the scalp to track changes in blood "
        "oxygenation in the outer brain."
    ),
    "Transcranial magnetic stimulation": (
        "Brief magnetic pulses from a coil held over the scalp that stimulate or temporarily disrupt a chosen "
        "brain region."
    ),
    "Microscopy and histology imaging": (
        "Imaging of cells and tissue sections under the microscope, including digitised whole slides for pathology."
    ),
    # Technique
    "Structural MRI": (
        "MRI scans that show the anatomy of an organ, for example brain volume, cortical thickness or lesions."
    ),
    "Functional MRI": (
        "MRI that tracks changes in blood oxygenation (the BOLD signal) to show which brain regions are active."
    ),
    "Diffusion MRI": (
        "MRI sensitive to the movement of water molecules, used to map white matter pathways and tissue microstructure."
    ),
    "Perfusion MRI": (
        "MRI methods that measure blood flow through tissue, with or without an injected contrast agent."
    ),
    "MR spectroscopy": (
        "A magnetic resonance method that measures the concentration of chemicals such as GABA, glutamate or "
        "lactate in a region of tissue."
    ),
    "Quantitative MRI": (
        "MRI that measures physical tissue properties in standard units, such as T1 and T2 relaxation times, "
        "rather than relative contrast."
    ),
    "Quantitative susceptibility mapping": (
        "An MRI method that maps the magnetic susceptibility of tissue, which reflects iron, myelin and blood products."
    ),
    "Myelin imaging": ("MRI methods that estimate the amount of myelin, the insulating sheath around nerve fibres."),
    "Cardiac MRI": (
        "MRI of the heart and great vessels, measuring heart function, blood flow and scarring of the heart muscle."
    ),
    "Hyperpolarised imaging": (
        "MRI with specially prepared gases or molecules whose signal is boosted many thousand-fold, for example "
        "xenon to image lung ventilation."
    ),
    "MR physics and sequence development": (
        "Design of the pulse sequences, radio-frequency coils and hardware that make new kinds of MRI scan possible."
    ),
    "Evoked and event-related responses": (
        "Brain responses time-locked to a stimulus or task, averaged over many trials in EEG or MEG."
    ),
    "Source imaging": (
        "Methods that estimate where in the brain EEG or MEG signals come from, by solving the inverse problem."
    ),
    "Neural oscillations": (
        "Rhythmic brain activity at frequencies such as alpha, beta and gamma, and how it changes with "
        "behaviour and disease."
    ),
    "Radiotracer development": (
        "Chemistry and biology of new radioactive tracers that let PET and SPECT image specific molecules in the body."
    ),
    "Preclinical imaging": (
        "Imaging of animal models and tissue samples to study disease and test treatments before studies in people."
    ),
    "Image reconstruction": (
        "Turning raw scanner measurements into images, including methods that shorten scans by acquiring less data."
    ),
    # Analysis
    "Image registration": (
        "Aligning images of the same or different people, times or modalities so that they can be compared "
        "point by point."
    ),
    "Image segmentation": ("Outlining organs, tissues or lesions in images, by hand or automatically."),
    "Radiomics": (
        "Extracting many quantitative features of shape and texture from medical images to predict diagnosis or "
        "outcome."
    ),
    "Machine learning": ("Statistical methods that learn patterns from data to classify scans or predict outcomes."),
    "Deep learning": (
        "Machine learning with multi-layer neural networks, now widely used for image segmentation, "
        "reconstruction and diagnosis."
    ),
    "Brain connectivity": (
        "The study of structural and functional connections between brain regions, often analysed as networks."
    ),
    "Statistical analysis of imaging data": (
        "Statistical methods for imaging studies, such as general linear models, group comparisons and "
        "correction for multiple comparisons."
    ),
    "Biophysical modelling": (
        "Computer models of the physics and biology behind an imaging signal or a tissue, used to interpret "
        "measurements and simulate new ones."
    ),
    "Bioinformatics": (
        "Computational analysis of biological data such as genomes, linked with imaging in fields like imaging "
        "genetics."
    ),
    "Image processing pipelines": (
        "Reproducible software workflows, built on tools such as FSL, FreeSurfer or MNE, that take raw scans to "
        "results."
    ),
    "Research data management": (
        "Organising, storing, sharing and curating imaging data, for example with the BIDS standard or an XNAT server."
    ),
    "Visualisation": ("Rendering images and results, often in 3D, so that people can explore and understand them."),
    # Application
    "Neuroscience": ("Research into how the healthy brain works, from perception and memory to language and movement."),
    "Epilepsy": ("A condition of recurrent seizures; imaging helps locate where seizures start and plan surgery."),
    "Dementia": (
        "Progressive decline in memory and thinking, including Alzheimer's disease; imaging supports early "
        "diagnosis and trials."
    ),
    "Neurodevelopment": (
        "How the brain develops from before birth through childhood and adolescence, including conditions such "
        "as autism and ADHD."
    ),
    "Psychiatry and mental health": (
        "Mental health conditions such as depression, schizophrenia and psychosis, and what brain imaging "
        "reveals about them."
    ),
    "Stroke and cerebrovascular disease": (
        "Disease of the brain's blood vessels, including stroke and brain haemorrhage, where fast imaging guides "
        "treatment."
    ),
    "Multiple sclerosis": (
        "An immune disease that damages myelin in the brain and spinal cord; MRI is central to its diagnosis and "
        "monitoring."
    ),
    "Movement disorders": ("Conditions that affect the control of movement, such as Parkinson's disease and tremor."),
    "Traumatic brain injury": ("Brain injury caused by an external force, from concussion to severe head injury."),
    "Sleep": (
        "Research on sleep and its disorders, such as insomnia and sleep apnoea, and how sleep affects the brain."
    ),
    "Oncology": ("Cancer, where imaging is used to detect tumours, plan treatment and judge whether it is working."),
    "Cardiovascular disease": (
        "Disease of the heart and blood vessels, such as heart failure, coronary artery disease and cardiomyopathy."
    ),
    "Musculoskeletal": ("Bones, joints and muscles, including osteoarthritis and sports injuries."),
    "Liver and gastrointestinal": (
        "Diseases of the liver, gut and pancreas, such as fatty liver disease and inflammatory bowel disease."
    ),
    "Respiratory": ("Lung diseases such as COPD and asthma, where imaging shows airways, ventilation and lung tissue."),
    "Kidney": ("Kidney disease and transplantation, where imaging measures kidney structure, blood flow and function."),
    "Pain": ("How the nervous system processes pain, and what keeps chronic pain going."),
    "Healthy ageing": ("How the brain and body change across the lifespan, and what keeps older adults healthy."),
}


@dataclass(frozen=True)
class TaxonomyNode:
    facet: str
    name: str
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return slugify(self.name)


class LoadCounts(NamedTuple):
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def parse_taxonomy(text: str) -> list[TaxonomyNode]:
    """Nodes of the taxonomy file in file order, so every parent comes before its children."""
    nodes: list[TaxonomyNode] = []
    facet = None
    ancestors: list[str] = []  # names of the open nodes, one per indentation level
    for number, line in enumerate(text.splitlines(), start=1):
        if heading := _FACET_HEADING.match(line):
            facet = heading["facet"].lower()
            if facet not in Facet.values:
                raise ValueError(f"line {number}: unknown facet {heading['facet']!r}")
            ancestors = []
            continue
        term = _TERM_LINE.match(line)
        if not term or facet is None:
            continue
        depth, remainder = divmod(len(term["indent"]), _INDENT)
        if remainder or depth > len(ancestors):
            raise ValueError(f"line {number}: indent by {_INDENT} spaces under a parent term")
        parts = [part.strip() for part in term["body"].split("|")]
        if len(parts) > 3:
            raise ValueError(f"line {number}: expected term | aliases | identifiers")
        name, aliases, identifiers = parts + [""] * (3 - len(parts))
        del ancestors[depth:]
        nodes.append(
            TaxonomyNode(
                facet=facet,
                name=name,
                parent=ancestors[-1] if ancestors else None,
                aliases=[alias.strip() for alias in aliases.split(",") if alias.strip()],
                identifiers=_parse_identifiers(identifiers, number),
            )
        )
        ancestors.append(name)
    slugs = [node.slug for node in nodes]
    if len(set(slugs)) != len(slugs):
        raise ValueError("two terms have the same slug")
    return nodes


def _parse_identifiers(text: str, line_number: int) -> dict[str, str]:
    identifiers = {}
    for pair in filter(None, (item.strip() for item in text.split(";"))):
        vocabulary, sep, value = pair.partition(":")
        if not sep or not vocabulary.strip() or not value.strip():
            raise ValueError(f"line {line_number}: write identifiers as VOCABULARY:value, got {pair!r}")
        identifiers[vocabulary.strip()] = value.strip()
    return identifiers


def read_taxonomy(path: Path = TAXONOMY_FILE) -> list[TaxonomyNode]:
    return parse_taxonomy(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_taxonomy(nodes: list[TaxonomyNode] | None = None) -> LoadCounts:
    """Create or update an ExpertiseArea for every taxonomy term (matched by slug); safe to run again.

    The file is authoritative for the fields it defines (facet, parent, aliases, identifiers), so
    aliases a curator added in the admin to one of these terms are replaced by the file's list.
    """
    nodes = read_taxonomy() if nodes is None else nodes
    existing = {area.slug: area for area in ExpertiseArea.objects.filter(slug__in=[node.slug for node in nodes])}
    by_name: dict[str, ExpertiseArea] = {}
    created = updated = unchanged = 0
    for node in nodes:
        area = existing.get(node.slug)
        wanted = {
            "name": node.name,
            "facet": node.facet,
            "parent_id": by_name[node.parent].pk if node.parent else None,
            "aliases": node.aliases,
            "identifiers": node.identifiers,
            "description": DESCRIPTIONS.get(node.name) or (area.description if area else ""),
        }
        if area is None:
            area = ExpertiseArea.objects.create(slug=node.slug, **wanted)
            created += 1
        elif any(getattr(area, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(area, name, value)
            area.save()
            updated += 1
        else:
            unchanged += 1
        by_name[node.name] = area
    return LoadCounts(created, updated, unchanged)
