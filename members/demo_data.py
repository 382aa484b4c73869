"""Data tables of the demo network, read by members/demo.py.

Institutions and their units are real, described with public facts only; coordinates are
campus or site centroids. Facilities are illustrative: plausible specs, not booking records.
The people are fictional and are generated from the archetypes below with a fixed seed.
"""

from typing import NamedTuple

from institutions.models import Facility, Institution, Unit
from members.models import Member

UNIVERSITY = Institution.Kind.UNIVERSITY
NHS_TRUST = Institution.Kind.NHS_TRUST
COMPANY = Institution.Kind.COMPANY

CENTRE = Unit.Kind.CENTRE
DEPARTMENT = Unit.Kind.DEPARTMENT
GROUP = Unit.Kind.GROUP

RESEARCHER = Member.Role.RESEARCHER
CLINICIAN = Member.Role.CLINICIAN
STUDENT = Member.Role.STUDENT
PHYSICIST = Member.Role.PHYSICIST
INDUSTRY = Member.Role.INDUSTRY


class UnitData(NamedTuple):
    name: str
    kind: str
    archetypes: tuple[str, ...]  # the kinds of people who work there (keys of ARCHETYPES)
    description: str = ""


class InstitutionData(NamedTuple):
    slug: str
    name: str
    short_name: str
    kind: str
    city: str
    website: str
    latitude: str
    longitude: str
    description: str
    in_text: str  # how a sentence names it: "the University of Nottingham", "Aston University"
    staff: dict[str, int]  # demo people per archetype
    units: tuple[UnitData, ...]


INSTITUTIONS = (
    InstitutionData(
        slug="aston-university",
        name="Aston University",
        short_name="Aston",
        kind=UNIVERSITY,
        city="Birmingham",
        website="https://www.aston.ac.uk/",
        latitude="52.48650",
        longitude="-1.88850",
        description=(
            "A university in central Birmingham that received its royal charter in 1966. Its Institute of "
            "Health and Neurodevelopment studies brain development and health across the lifespan."
        ),
        in_text="Aston University",
        staff={"meg_physicist": 4, "eeg_neuroscience": 5, "optical_imaging": 3, "image_analysis": 2, "fmri_methods": 2},
        units=(
            UnitData(
                "Aston Institute of Health and Neurodevelopment",
                CENTRE,
                ("meg_physicist", "eeg_neuroscience", "fmri_methods"),
                "Research on brain development, neurodevelopmental conditions and healthy ageing.",
            ),
            UnitData(
                "Aston Institute of Photonic Technologies",
                CENTRE,
                ("optical_imaging",),
                "Research on lasers, optical fibres and biophotonics.",
            ),
            UnitData("Department of Computer Science", DEPARTMENT, ("image_analysis",)),
        ),
    ),
    InstitutionData(
        slug="university-of-birmingham",
        name="University of Birmingham",
        short_name="Birmingham",
        kind=UNIVERSITY,
        city="Birmingham",
        website="https://www.birmingham.ac.uk/",
        latitude="52.45050",
        longitude="-1.93050",
        description=(
            "A research university founded in 1900, with its main campus in Edgbaston. Its Centre for Human "
            "Brain Health houses MRI, MEG, OPM-MEG, EEG and brain stimulation facilities."
        ),
        in_text="the University of Birmingham",
        staff={
            "meg_physicist": 6,
            "fmri_methods": 6,
            "eeg_neuroscience": 6,
            "diffusion": 3,
            "mr_physicist": 3,
            "image_analysis": 4,
            "bioinformatics": 3,
            "dementia": 3,
            "epilepsy": 2,
            "neuroradiology": 1,
            "cardiac": 1,
            "pet_chemistry": 2,
        },
        units=(
            UnitData(
                "Centre for Human Brain Health",
                CENTRE,
                ("meg_physicist", "fmri_methods", "diffusion", "mr_physicist", "eeg_neuroscience", "epilepsy"),
                "A brain imaging centre on the Edgbaston campus, opened in 2018.",
            ),
            UnitData("School of Psychology", DEPARTMENT, ("eeg_neuroscience", "fmri_methods")),
            UnitData("School of Computer Science", DEPARTMENT, ("image_analysis",)),
            UnitData("Department of Cancer and Genomic Sciences", DEPARTMENT, ("bioinformatics", "pet_chemistry")),
            UnitData("Department of Cardiovascular Sciences", DEPARTMENT, ("cardiac",)),
            UnitData("Institute of Inflammation and Ageing", CENTRE, ("dementia",)),
        ),
    ),
    InstitutionData(
        slug="cranfield-university",
        name="Cranfield University",
        short_name="Cranfield",
        kind=UNIVERSITY,
        city="Cranfield",
        website="https://www.cranfield.ac.uk/",
        latitude="52.07400",
        longitude="-0.62830",
        description=(
            "A postgraduate university specialising in science, engineering, technology and management, with "
            "its main campus at Cranfield in Bedfordshire."
        ),
        in_text="Cranfield University",
        staff={"image_analysis": 5, "bioinformatics": 1, "msk_imaging": 1, "optical_imaging": 1},
        units=(
            UnitData(
                "Centre for Autonomous and Cyber-Physical Systems",
                CENTRE,
                ("image_analysis", "bioinformatics"),
            ),
            UnitData(
                "Cranfield Forensic Institute",
                CENTRE,
                ("image_analysis", "msk_imaging", "optical_imaging"),
                "Forensic science and engineering, including imaging of human remains and materials.",
            ),
        ),
    ),
    InstitutionData(
        slug="keele-university",
        name="Keele University",
        short_name="Keele",
        kind=UNIVERSITY,
        city="Keele",
        website="https://www.keele.ac.uk/",
        latitude="53.00290",
        longitude="-2.27320",
        description=(
            "A campus university near Newcastle-under-Lyme in Staffordshire, founded in 1949. Its School of "
            "Medicine works closely with the Royal Stoke University Hospital."
        ),
        in_text="Keele University",
        staff={"optical_imaging": 2, "msk_imaging": 3, "image_analysis": 2, "bioinformatics": 1, "eeg_neuroscience": 2},
        units=(
            UnitData("School of Pharmacy and Bioengineering", DEPARTMENT, ("optical_imaging", "msk_imaging")),
            UnitData("School of Computer Science and Mathematics", DEPARTMENT, ("image_analysis", "bioinformatics")),
            UnitData("School of Psychology", DEPARTMENT, ("eeg_neuroscience",)),
        ),
    ),
    InstitutionData(
        slug="university-of-leicester",
        name="University of Leicester",
        short_name="Leicester",
        kind=UNIVERSITY,
        city="Leicester",
        website="https://le.ac.uk/",
        latitude="52.62140",
        longitude="-1.12490",
        description=(
            "A research university founded in 1921. It runs cardiovascular and respiratory research with the "
            "University Hospitals of Leicester, including at Glenfield Hospital."
        ),
        in_text="the University of Leicester",
        staff={
            "cardiac": 5,
            "mr_physicist": 3,
            "eeg_neuroscience": 3,
            "image_analysis": 2,
            "bioinformatics": 2,
            "fmri_methods": 1,
            "dementia": 2,
        },
        units=(
            UnitData("Department of Cardiovascular Sciences", DEPARTMENT, ("cardiac", "mr_physicist")),
            UnitData("Department of Respiratory Sciences", DEPARTMENT, ("mr_physicist", "bioinformatics")),
            UnitData(
                "School of Psychology and Vision Sciences",
                DEPARTMENT,
                ("eeg_neuroscience", "fmri_methods", "dementia"),
            ),
            UnitData("School of Computing and Mathematical Sciences", DEPARTMENT, ("image_analysis",)),
        ),
    ),
    InstitutionData(
        slug="loughborough-university",
        name="Loughborough University",
        short_name="Loughborough",
        kind=UNIVERSITY,
        city="Loughborough",
        website="https://www.lboro.ac.uk/",
        latitude="52.76480",
        longitude="-1.22870",
        description=(
            "A campus university in Loughborough, Leicestershire, known for engineering and for sport and "
            "exercise science."
        ),
        in_text="Loughborough University",
        staff={"msk_imaging": 4, "image_analysis": 4, "eeg_neuroscience": 2, "optical_imaging": 2},
        units=(
            UnitData("School of Sport, Exercise and Health Sciences", DEPARTMENT, ("msk_imaging", "eeg_neuroscience")),
            UnitData(
                "Wolfson School of Mechanical, Electrical and Manufacturing Engineering",
                DEPARTMENT,
                ("image_analysis", "optical_imaging", "msk_imaging"),
            ),
            UnitData("Department of Computer Science", DEPARTMENT, ("image_analysis",)),
        ),
    ),
    InstitutionData(
        slug="university-of-nottingham",
        name="University of Nottingham",
        short_name="Nottingham",
        kind=UNIVERSITY,
        city="Nottingham",
        website="https://www.nottingham.ac.uk/",
        latitude="52.93830",
        longitude="-1.19600",
        description=(
            "A research university whose main campus is University Park, Nottingham, where Sir Peter Mansfield's "
            "group developed MRI in the 1970s. Its Sir Peter Mansfield Imaging Centre continues that work."
        ),
        in_text="the University of Nottingham",
        staff={
            "mr_physicist": 9,
            "meg_physicist": 6,
            "fmri_methods": 5,
            "diffusion": 3,
            "pet_chemistry": 2,
            "image_analysis": 4,
            "eeg_neuroscience": 2,
            "bioinformatics": 2,
            "dementia": 2,
            "neuroradiology": 1,
            "epilepsy": 1,
            "msk_imaging": 2,
            "cardiac": 1,
        },
        units=(
            UnitData(
                "Sir Peter Mansfield Imaging Centre",
                CENTRE,
                ("mr_physicist", "meg_physicist", "fmri_methods", "diffusion", "msk_imaging"),
                "The University's MRI research centre, opened in 1991 as the Magnetic Resonance Centre.",
            ),
            UnitData(
                "Precision Imaging Beacon",
                CENTRE,
                ("pet_chemistry", "image_analysis", "dementia", "neuroradiology", "cardiac", "bioinformatics"),
                "A University research beacon that brings imaging, data science and clinical research together.",
            ),
            UnitData("School of Physics and Astronomy", DEPARTMENT, ("meg_physicist", "mr_physicist")),
            UnitData("School of Psychology", DEPARTMENT, ("eeg_neuroscience", "fmri_methods")),
            UnitData("School of Computer Science", DEPARTMENT, ("image_analysis",)),
            UnitData("School of Life Sciences", DEPARTMENT, ("bioinformatics", "pet_chemistry")),
            UnitData("School of Medicine", DEPARTMENT, ("epilepsy", "dementia", "neuroradiology")),
        ),
    ),
    InstitutionData(
        slug="university-of-warwick",
        name="University of Warwick",
        short_name="Warwick",
        kind=UNIVERSITY,
        city="Coventry",
        website="https://warwick.ac.uk/",
        latitude="52.38180",
        longitude="-1.56170",
        description=(
            "A research university founded in 1965 on a campus at the southern edge of Coventry. Its Tissue "
            "Image Analytics Centre works on computational pathology."
        ),
        in_text="the University of Warwick",
        staff={
            "image_analysis": 7,
            "bioinformatics": 4,
            "fmri_methods": 2,
            "eeg_neuroscience": 2,
            "diffusion": 1,
            "cardiac": 1,
            "dementia": 1,
        },
        units=(
            UnitData(
                "Tissue Image Analytics Centre",
                GROUP,
                ("image_analysis", "bioinformatics"),
                "A group in the Department of Computer Science working on computational pathology.",
            ),
            UnitData("Department of Computer Science", DEPARTMENT, ("image_analysis", "diffusion", "bioinformatics")),
            UnitData("WMG", DEPARTMENT, ("image_analysis",)),
            UnitData("Warwick Medical School", DEPARTMENT, ("cardiac", "dementia", "bioinformatics")),
            UnitData("Department of Psychology", DEPARTMENT, ("eeg_neuroscience", "fmri_methods")),
        ),
    ),
    InstitutionData(
        slug="university-hospitals-birmingham",
        name="University Hospitals Birmingham NHS Foundation Trust",
        short_name="UHB",
        kind=NHS_TRUST,
        city="Birmingham",
        website="https://www.uhb.nhs.uk/",
        latitude="52.45300",
        longitude="-1.94240",
        description=(
            "One of the largest NHS trusts in England, running the Queen Elizabeth Hospital Birmingham and "
            "Heartlands, Good Hope and Solihull hospitals."
        ),
        in_text="University Hospitals Birmingham",
        staff={
            "neuroradiology": 3,
            "epilepsy": 2,
            "cardiac": 2,
            "pet_chemistry": 2,
            "mr_physicist": 1,
            "image_analysis": 1,
            "dementia": 1,
        },
        units=(
            UnitData("Department of Radiology", DEPARTMENT, ("neuroradiology",)),
            UnitData("Department of Medical Physics", DEPARTMENT, ("mr_physicist", "image_analysis", "pet_chemistry")),
            UnitData("Department of Clinical Neurophysiology", DEPARTMENT, ("epilepsy",)),
            UnitData("Department of Cardiology", DEPARTMENT, ("cardiac",)),
            UnitData("Department of Neurology", DEPARTMENT, ("dementia", "epilepsy")),
        ),
    ),
    InstitutionData(
        slug="nottingham-university-hospitals",
        name="Nottingham University Hospitals NHS Trust",
        short_name="NUH",
        kind=NHS_TRUST,
        city="Nottingham",
        website="https://www.nuh.nhs.uk/",
        latitude="52.94360",
        longitude="-1.18570",
        description="Runs the Queen's Medical Centre and Nottingham City Hospital.",
        in_text="Nottingham University Hospitals",
        staff={"neuroradiology": 3, "mr_physicist": 2, "epilepsy": 1, "cardiac": 2, "dementia": 2, "image_analysis": 1},
        units=(
            UnitData("Department of Radiology", DEPARTMENT, ("neuroradiology",)),
            UnitData(
                "Department of Medical Physics and Clinical Engineering", DEPARTMENT, ("mr_physicist", "image_analysis")
            ),
            UnitData("Department of Neurology", DEPARTMENT, ("epilepsy", "dementia")),
            UnitData("Department of Cardiology", DEPARTMENT, ("cardiac",)),
        ),
    ),
    InstitutionData(
        slug="university-hospitals-of-leicester",
        name="University Hospitals of Leicester NHS Trust",
        short_name="UHL",
        kind=NHS_TRUST,
        city="Leicester",
        website="https://www.leicestershospitals.nhs.uk/",
        latitude="52.62700",
        longitude="-1.13580",
        description="Runs the Leicester Royal Infirmary, Leicester General Hospital and Glenfield Hospital.",
        in_text="the University Hospitals of Leicester",
        staff={"cardiac": 4, "neuroradiology": 2, "mr_physicist": 1, "dementia": 1, "epilepsy": 1},
        units=(
            UnitData("Department of Radiology", DEPARTMENT, ("neuroradiology",)),
            UnitData("Department of Cardiology", DEPARTMENT, ("cardiac",)),
            UnitData("Department of Medical Physics", DEPARTMENT, ("mr_physicist",)),
            UnitData("Department of Neurology", DEPARTMENT, ("dementia", "epilepsy")),
        ),
    ),
    InstitutionData(
        slug="university-hospitals-coventry-and-warwickshire",
        name="University Hospitals Coventry and Warwickshire NHS Trust",
        short_name="UHCW",
        kind=NHS_TRUST,
        city="Coventry",
        website="https://www.uhcw.nhs.uk/",
        latitude="52.42130",
        longitude="-1.43970",
        description="Runs University Hospital in Coventry and the Hospital of St Cross in Rugby.",
        in_text="University Hospitals Coventry and Warwickshire",
        staff={"neuroradiology": 3, "mr_physicist": 2, "epilepsy": 1, "cardiac": 1, "dementia": 1},
        units=(
            UnitData("Department of Radiology", DEPARTMENT, ("neuroradiology",)),
            UnitData("Department of Medical Physics", DEPARTMENT, ("mr_physicist",)),
            UnitData("Department of Neurology", DEPARTMENT, ("epilepsy", "dementia")),
            UnitData("Department of Cardiology", DEPARTMENT, ("cardiac",)),
        ),
    ),
    InstitutionData(
        slug="university-hospitals-of-north-midlands",
        name="University Hospitals of North Midlands NHS Trust",
        short_name="UHNM",
        kind=NHS_TRUST,
        city="Stoke-on-Trent",
        website="https://www.uhnm.nhs.uk/",
        latitude="53.00350",
        longitude="-2.21350",
        description="Runs the Royal Stoke University Hospital and County Hospital in Stafford.",
        in_text="the University Hospitals of North Midlands",
        staff={"neuroradiology": 3, "cardiac": 2, "mr_physicist": 2, "epilepsy": 1},
        units=(
            UnitData("Department of Radiology", DEPARTMENT, ("neuroradiology",)),
            UnitData("Department of Medical Physics", DEPARTMENT, ("mr_physicist",)),
            UnitData("Department of Neurosciences", DEPARTMENT, ("epilepsy",)),
            UnitData("Department of Cardiology", DEPARTMENT, ("cardiac",)),
        ),
    ),
    InstitutionData(
        slug="birmingham-womens-and-childrens",
        name="Birmingham Women's and Children's NHS Foundation Trust",
        short_name="BWC",
        kind=NHS_TRUST,
        city="Birmingham",
        website="https://bwc.nhs.uk/",
        latitude="52.48500",
        longitude="-1.89440",
        description="Runs Birmingham Children's Hospital and Birmingham Women's Hospital.",
        in_text="Birmingham Women's and Children's",
        staff={"epilepsy": 3, "neuroradiology": 3, "mr_physicist": 1, "image_analysis": 1},
        units=(
            UnitData("Department of Radiology", DEPARTMENT, ("neuroradiology", "mr_physicist", "image_analysis")),
            UnitData("Department of Clinical Neurophysiology", DEPARTMENT, ("epilepsy",)),
        ),
    ),
    InstitutionData(
        slug="cerca-magnetics",
        name="Cerca Magnetics",
        short_name="Cerca",
        kind=COMPANY,
        city="Nottingham",
        website="https://www.cercamagnetics.com/",
        latitude="52.95400",
        longitude="-1.15800",
        description=(
            "A University of Nottingham spin-out company that builds wearable MEG systems based on optically "
            "pumped magnetometers (OPM-MEG)."
        ),
        in_text="Cerca Magnetics",
        staff={"industry_meg": 6},
        units=(UnitData("Research and Development", GROUP, ("industry_meg",)),),
    ),
    InstitutionData(
        slug="alliance-medical",
        name="Alliance Medical",
        short_name="Alliance Medical",
        kind=COMPANY,
        city="Warwick",
        website="https://www.alliancemedical.co.uk/",
        latitude="52.26980",
        longitude="-1.57880",
        description=(
            "An independent provider of diagnostic imaging services, including MRI and PET-CT, that also produces "
            "PET radiopharmaceuticals. Its UK registered office is at Warwick Technology Park."
        ),
        in_text="Alliance Medical",
        staff={"industry_services": 6},
        units=(
            UnitData("Radiopharmacy", GROUP, ("industry_services",)),
            UnitData("Clinical Imaging Services", GROUP, ("industry_services",)),
        ),
    ),
)

# Names that let the demo show accent-insensitive search ("Muller" finds "Müller"); the first
# generated people get them, the rest draw from the lists below.
SHOWCASE_NAMES = (
    ("Anna", "Müller"),
    ("Siobhán", "Ó Briain"),
    ("Mateo", "Nuñez"),
    ("Łukasz", "Kowalski"),
    ("Zoë", "Okafor"),
)


class FacilityData(NamedTuple):
    slug: str
    name: str
    institution: str  # slug
    unit: str  # name of a unit of that institution
    modality: str  # name of a modality-facet expertise area
    manufacturer: str
    model: str
    archetypes: tuple[str, ...]  # who may be responsible for it
    description: str
    field_strength_tesla: str | None = None
    sensor_type: str = ""
    channel_count: int | None = None
    subject: str = Facility.Subject.HUMAN
    access_model: str = Facility.AccessModel.COLLABORATION
    bookable: bool = False  # True: the booking link is the institution's website root, never a guessed deep link


HUMAN = Facility.Subject.HUMAN
PRECLINICAL = Facility.Subject.PRECLINICAL
EX_VIVO = Facility.Subject.EX_VIVO
COLLABORATION = Facility.AccessModel.COLLABORATION
RECHARGE = Facility.AccessModel.RECHARGE
OPEN_CALL = Facility.AccessModel.OPEN_CALL
SQUID = Facility.SensorType.SQUID
OPM = Facility.SensorType.OPM

FACILITIES = (
    FacilityData(
        "nottingham-7t-mri",
        "7 T human MRI scanner",
        "university-of-nottingham",
        "Sir Peter Mansfield Imaging Centre",
        "Ultra-high-field MRI",
        "Philips",
        "Achieva 7.0T",
        ("mr_physicist", "fmri_methods", "diffusion"),
        "Whole-body 7 T system with multi-channel head coils for high-resolution functional, structural and "
        "spectroscopy studies.",
        field_strength_tesla="7.00",
        access_model=COLLABORATION,
        bookable=True,
    ),
    FacilityData(
        "nottingham-3t-mri",
        "3 T research MRI scanner",
        "university-of-nottingham",
        "Sir Peter Mansfield Imaging Centre",
        "Magnetic resonance imaging",
        "Philips",
        "Ingenia 3.0T",
        ("mr_physicist", "fmri_methods", "msk_imaging"),
        "Research-dedicated 3 T scanner used for brain, body and musculoskeletal studies, with radiographer support.",
        field_strength_tesla="3.00",
        access_model=RECHARGE,
        bookable=True,
    ),
    FacilityData(
        "nottingham-opm-meg",
        "OPM-MEG system",
        "university-of-nottingham",
        "Sir Peter Mansfield Imaging Centre",
        "OPM-MEG",
        "Cerca Magnetics",
        "OPM-MEG",
        ("meg_physicist",),
        "Wearable MEG with triaxial optically pumped magnetometers in a magnetically shielded room with "
        "active field nulling, so participants can move during recordings.",
        sensor_type=OPM,
        channel_count=192,
        access_model=COLLABORATION,
    ),
    FacilityData(
        "nottingham-preclinical-mri",
        "Preclinical 9.4 T MRI",
        "university-of-nottingham",
        "School of Life Sciences",
        "Magnetic resonance imaging",
        "Bruker",
        "BioSpec 94/30",
        ("mr_physicist", "pet_chemistry"),
        "Small-bore system for imaging rodent models of disease and fixed tissue samples.",
        field_strength_tesla="9.40",
        subject=PRECLINICAL,
        access_model=RECHARGE,
    ),
    FacilityData(
        "nottingham-pet-mr",
        "Simultaneous PET-MR scanner",
        "university-of-nottingham",
        "Precision Imaging Beacon",
        "Hybrid PET-MR",
        "Siemens Healthineers",
        "Biograph mMR",
        ("pet_chemistry", "mr_physicist", "dementia"),
        "3 T MRI and PET acquired at the same time, for studies that need molecular and anatomical information "
        "in one visit.",
        field_strength_tesla="3.00",
        access_model=COLLABORATION,
    ),
    FacilityData(
        "birmingham-3t-mri",
        "3 T MRI scanner",
        "university-of-birmingham",
        "Centre for Human Brain Health",
        "Magnetic resonance imaging",
        "Siemens Healthineers",
        "MAGNETOM Prisma",
        ("fmri_methods", "mr_physicist", "diffusion"),
        "Research 3 T scanner with 32- and 64-channel head coils, used for fMRI, diffusion and spectroscopy.",
        field_strength_tesla="3.00",
        access_model=RECHARGE,
        bookable=True,
    ),
    FacilityData(
        "birmingham-squid-meg",
        "SQUID MEG system",
        "university-of-birmingham",
        "Centre for Human Brain Health",
        "SQUID MEG",
        "MEGIN",
        "TRIUX neo",
        ("meg_physicist", "eeg_neuroscience"),
        "306-channel whole-head MEG with simultaneous EEG, in a magnetically shielded room.",
        sensor_type=SQUID,
        channel_count=306,
        access_model=RECHARGE,
        bookable=True,
    ),
    FacilityData(
        "birmingham-opm-meg",
        "OPM-MEG laboratory",
        "university-of-birmingham",
        "Centre for Human Brain Health",
        "OPM-MEG",
        "Cerca Magnetics",
        "",
        ("meg_physicist",),
        "Wearable MEG for studies in which people move, speak or interact, and for children.",
        sensor_type=OPM,
        channel_count=96,
        access_model=COLLABORATION,
    ),
    FacilityData(
        "birmingham-tms-lab",
        "TMS laboratory",
        "university-of-birmingham",
        "Centre for Human Brain Health",
        "Transcranial magnetic stimulation",
        "MagVenture",
        "MagPro X100",
        ("eeg_neuroscience",),
        "Neuronavigated transcranial magnetic stimulation, combinable with EEG.",
        access_model=COLLABORATION,
    ),
    FacilityData(
        "birmingham-eeg-lab",
        "High-density EEG laboratory",
        "university-of-birmingham",
        "School of Psychology",
        "Electroencephalography",
        "BioSemi",
        "ActiveTwo",
        ("eeg_neuroscience",),
        "Two shielded booths with 128-channel active-electrode EEG and eye tracking.",
        channel_count=128,
        access_model=OPEN_CALL,
        bookable=True,
    ),
    FacilityData(
        "aston-meg",
        "Paediatric and adult MEG",
        "aston-university",
        "Aston Institute of Health and Neurodevelopment",
        "SQUID MEG",
        "MEGIN",
        "TRIUX neo",
        ("meg_physicist", "eeg_neuroscience"),
        "Whole-head MEG used with children and adults, with a child-friendly scanning suite.",
        sensor_type=SQUID,
        channel_count=306,
        access_model=RECHARGE,
        bookable=True,
    ),
    FacilityData(
        "aston-child-eeg",
        "Child EEG laboratory",
        "aston-university",
        "Aston Institute of Health and Neurodevelopment",
        "Electroencephalography",
        "Brain Products",
        "actiCHamp Plus",
        ("eeg_neuroscience",),
        "64-channel EEG with short set-up times, designed for infants and young children.",
        channel_count=64,
        access_model=COLLABORATION,
    ),
    FacilityData(
        "aston-oct-lab",
        "Optical coherence tomography laboratory",
        "aston-university",
        "Aston Institute of Photonic Technologies",
        "Optical imaging",
        "",
        "Custom swept-source OCT",
        ("optical_imaging",),
        "Research OCT systems for imaging the eye and skin at micrometre resolution.",
        access_model=COLLABORATION,
    ),
    FacilityData(
        "warwick-slide-scanner",
        "Whole-slide imaging scanner",
        "university-of-warwick",
        "Tissue Image Analytics Centre",
        "Microscopy and histology imaging",
        "Leica Biosystems",
        "Aperio GT 450",
        ("image_analysis", "bioinformatics"),
        "High-throughput digitisation of histology slides for computational pathology research.",
        subject=EX_VIVO,
        access_model=COLLABORATION,
    ),
    FacilityData(
        "warwick-xct",
        "X-ray CT suite",
        "university-of-warwick",
        "WMG",
        "Computed tomography",
        "Nikon",
        "XT H 225",
        ("image_analysis",),
        "Industrial X-ray CT used for medical devices, implants and tissue specimens.",
        subject=EX_VIVO,
        access_model=RECHARGE,
        bookable=True,
    ),
    FacilityData(
        "leicester-cardiac-mri",
        "3 T cardiovascular MRI",
        "university-of-leicester",
        "Department of Cardiovascular Sciences",
        "Magnetic resonance imaging",
        "Siemens Healthineers",
        "MAGNETOM Skyra",
        ("cardiac", "mr_physicist"),
        "Research sessions for cardiac and vascular MRI studies, including stress perfusion and T1 mapping.",
        field_strength_tesla="3.00",
        access_model=COLLABORATION,
    ),
    FacilityData(
        "leicester-eeg-lab",
        "EEG and eye-tracking laboratory",
        "university-of-leicester",
        "School of Psychology and Vision Sciences",
        "Electroencephalography",
        "Brain Products",
        "actiCHamp",
        ("eeg_neuroscience",),
        "32-channel EEG combined with eye tracking for studies of vision and attention.",
        channel_count=32,
        access_model=OPEN_CALL,
    ),
    FacilityData(
        "uhb-pet-ct",
        "Digital PET-CT scanner",
        "university-hospitals-birmingham",
        "Department of Medical Physics",
        "Positron emission tomography",
        "Siemens Healthineers",
        "Biograph Vision",
        ("pet_chemistry",),
        "Clinical PET-CT with research sessions for oncology and neurology tracer studies.",
        access_model=RECHARGE,
    ),
    FacilityData(
        "uhb-video-eeg",
        "Video-EEG telemetry unit",
        "university-hospitals-birmingham",
        "Department of Clinical Neurophysiology",
        "Electroencephalography",
        "Natus",
        "Quantum",
        ("epilepsy",),
        "Long-term video-EEG monitoring for the diagnosis of epilepsy and presurgical assessment.",
        channel_count=64,
        access_model=COLLABORATION,
    ),
    FacilityData(
        "bwc-stereo-eeg",
        "Stereo-EEG monitoring",
        "birmingham-womens-and-childrens",
        "Department of Clinical Neurophysiology",
        "Intracranial EEG",
        "Natus",
        "Quantum",
        ("epilepsy",),
        "Intracranial recordings for children assessed for epilepsy surgery.",
        channel_count=256,
        access_model=COLLABORATION,
    ),
    FacilityData(
        "bwc-portable-mri",
        "Portable low-field MRI",
        "birmingham-womens-and-childrens",
        "Department of Radiology",
        "Low-field and portable MRI",
        "Hyperfine",
        "Swoop",
        ("neuroradiology", "mr_physicist"),
        "A bedside 64 mT scanner for brain imaging of babies and children who cannot travel to a conventional scanner.",
        field_strength_tesla="0.06",
        access_model=COLLABORATION,
    ),
    FacilityData(
        "nuh-3t-mri",
        "3 T clinical research MRI",
        "nottingham-university-hospitals",
        "Department of Radiology",
        "Magnetic resonance imaging",
        "Siemens Healthineers",
        "MAGNETOM Vida",
        ("neuroradiology", "mr_physicist"),
        "Clinical 3 T scanner with protected research sessions at the Queen's Medical Centre.",
        field_strength_tesla="3.00",
        access_model=RECHARGE,
    ),
    FacilityData(
        "uhcw-3t-mri",
        "3 T MRI research sessions",
        "university-hospitals-coventry-and-warwickshire",
        "Department of Radiology",
        "Magnetic resonance imaging",
        "Philips",
        "Ingenia Elition 3.0T",
        ("neuroradiology", "mr_physicist"),
        "Clinical 3 T scanner with evening sessions available for research studies.",
        field_strength_tesla="3.00",
        access_model=RECHARGE,
    ),
    FacilityData(
        "uhnm-photon-counting-ct",
        "Photon-counting CT scanner",
        "university-hospitals-of-north-midlands",
        "Department of Radiology",
        "Photon-counting CT",
        "Siemens Healthineers",
        "NAEOTOM Alpha",
        ("neuroradiology", "cardiac", "mr_physicist"),
        "Clinical photon-counting CT with spectral imaging, used for cardiac and neuro studies.",
        access_model=COLLABORATION,
    ),
    FacilityData(
        "uhl-cardiac-ct",
        "Cardiac CT scanner",
        "university-hospitals-of-leicester",
        "Department of Cardiology",
        "Computed tomography",
        "Siemens Healthineers",
        "SOMATOM Force",
        ("cardiac",),
        "Dual-source CT for coronary angiography and structural heart imaging.",
        access_model=COLLABORATION,
    ),
    FacilityData(
        "loughborough-msk-ultrasound",
        "Musculoskeletal ultrasound laboratory",
        "loughborough-university",
        "School of Sport, Exercise and Health Sciences",
        "Ultrasound imaging",
        "",
        "",
        ("msk_imaging",),
        "B-mode ultrasound and shear-wave elastography for muscle and tendon research.",
        access_model=OPEN_CALL,
        bookable=True,
    ),
    FacilityData(
        "keele-photoacoustic",
        "Preclinical photoacoustic imaging",
        "keele-university",
        "School of Pharmacy and Bioengineering",
        "Optical imaging",
        "iThera Medical",
        "MSOT inVision",
        ("optical_imaging", "msk_imaging"),
        "Multispectral optoacoustic tomography of small animals, for vascular and tissue oxygenation studies.",
        subject=PRECLINICAL,
        access_model=COLLABORATION,
    ),
    FacilityData(
        "cranfield-micro-ct",
        "Micro-CT scanner",
        "cranfield-university",
        "Cranfield Forensic Institute",
        "Computed tomography",
        "Bruker",
        "SkyScan 1272",
        ("image_analysis", "msk_imaging"),
        "High-resolution X-ray micro-CT of bone, teeth and material samples.",
        subject=EX_VIVO,
        access_model=RECHARGE,
        bookable=True,
    ),
    FacilityData(
        "cerca-opm-meg-demo",
        "OPM-MEG demonstration system",
        "cerca-magnetics",
        "Research and Development",
        "OPM-MEG",
        "Cerca Magnetics",
        "",
        ("industry_meg",),
        "A complete wearable MEG system for pilot recordings and evaluation by research groups.",
        sensor_type=OPM,
        channel_count=192,
        access_model=COLLABORATION,
        bookable=True,
    ),
    FacilityData(
        "alliance-mobile-pet-ct",
        "Mobile PET-CT unit",
        "alliance-medical",
        "Clinical Imaging Services",
        "Positron emission tomography",
        "GE HealthCare",
        "Discovery MI",
        ("industry_services",),
        "A PET-CT scanner in a trailer that serves hospitals without their own scanner.",
        access_model=RECHARGE,
        bookable=True,
    ),
)


# People ---------------------------------------------------------------------------------------


class Job(NamedTuple):
    role: str
    title: str
    # None: "Prof" for a full professor, "" for a doctoral student, otherwise "Dr".
    # "Dr?": a post held with or without a doctorate (engineers, clinical scientists).
    honorific: str | None = None
    background: str | None = None  # "allied": radiographers and physiologists, whose career story differs


class Archetype(NamedTuple):
    label: str
    core: tuple[str, ...]  # expertise areas that define the profile; primary ones come from here
    related: tuple[str, ...]  # further areas people of this kind often list as secondary
    applications: tuple[str, ...]  # application areas they work in
    jobs: dict[str, dict[str, tuple[Job, ...]]]  # institution kind -> career stage -> posts
    training: tuple[str, ...]  # degree subjects
    topics: tuple[str, ...]  # concrete research topics for biographies and interests
    focus: tuple[str, ...]  # biography sentences about what they do
    papers: tuple[str, ...]  # publication title templates
    venues: tuple[str, ...]
    specialties: tuple[str, ...] = ()  # clinical specialties, for the clinicians among them
    groups: dict[str, tuple[str, ...]] = {}  # study populations that replace GROUPS for this kind of person


DOCTORAL = Member.CareerStage.DOCTORAL
EARLY = Member.CareerStage.EARLY
MID = Member.CareerStage.MID
SENIOR = Member.CareerStage.SENIOR

# Template fields: {ref} the person, {m}/{m2} their methods, {modality}, {technique}, {app} a clinical or
# research area ("multiple sclerosis"), {group} a study population ("people with epilepsy"),
# {topic}/{topic2} one of the archetype's topics, {partner} another institution of the network.
ARCHETYPES = {
    "meg_physicist": Archetype(
        label="MEG physicist",
        core=("Magnetoencephalography", "OPM-MEG", "SQUID MEG", "Source imaging"),
        related=(
            "Neural oscillations",
            "Evoked and event-related responses",
            "Biophysical modelling",
            "Brain connectivity",
            "Electroencephalography",
            "Image processing pipelines",
        ),
        applications=("Neuroscience", "Epilepsy", "Neurodevelopment", "Traumatic brain injury"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in MEG physics"),
                    Job(STUDENT, "Doctoral researcher, wearable MEG"),
                ),
                EARLY: (
                    Job(PHYSICIST, "Research Fellow in Magnetoencephalography"),
                    Job(PHYSICIST, "Postdoctoral Research Physicist"),
                    Job(RESEARCHER, "Research Fellow in Biomagnetism"),
                ),
                MID: (
                    Job(PHYSICIST, "Associate Professor of Physics"),
                    Job(PHYSICIST, "Senior Research Fellow in MEG"),
                    Job(RESEARCHER, "Lecturer in Neuroimaging"),
                ),
                SENIOR: (Job(PHYSICIST, "Professor of Physics"), Job(RESEARCHER, "Professor of Neuroimaging")),
            },
        },
        training=("physics", "biomedical engineering", "neuroscience", "electrical engineering"),
        topics=(
            "wearable MEG for children",
            "magnetic field nulling inside shielded rooms",
            "movement-robust brain recordings",
            "beamformer source reconstruction",
            "cross-frequency coupling of brain rhythms",
            "the dynamics of functional networks",
            "locating interictal spikes",
            "triaxial magnetometer arrays",
            "interference suppression",
            "naturalistic tasks in the scanner",
        ),
        focus=(
            "{ref}'s work centres on {m}, in particular {topic}.",
            "{ref} wants to take MEG out of the physics lab and into clinics and schools, and works on {topic} and "
            "{topic2}.",
            "{ref} develops methods for {topic}, combining {m} with {m2}.",
            "{ref} builds and tests new MEG hardware and analysis methods, with a focus on {topic}.",
        ),
        papers=(
            "Movement-robust {m} during naturalistic tasks",
            "Beta-band dynamics measured with {modality} in {group}",
            "Field nulling coils for wearable MEG in a standard shielded room",
            "Mapping functional networks with {modality}: a comparison of beamformers",
            "A cross-site comparison of OPM-MEG recordings",
            "Triaxial optically pumped magnetometers improve interference rejection",
            "Neural oscillations in {group}: evidence from {modality}",
            "Lifespan changes in evoked responses measured with wearable MEG",
        ),
        venues=(
            "NeuroImage",
            "Human Brain Mapping",
            "Journal of Neuroscience",
            "Imaging Neuroscience",
            "Brain Topography",
            "Clinical Neurophysiology",
            "Nature Communications",
        ),
    ),
    "mr_physicist": Archetype(
        label="MR physicist",
        core=(
            "Magnetic resonance imaging",
            "MR physics and sequence development",
            "Ultra-high-field MRI",
            "Quantitative MRI",
            "Image reconstruction",
        ),
        related=(
            "MR spectroscopy",
            "Quantitative susceptibility mapping",
            "Hyperpolarised imaging",
            "Low-field and portable MRI",
            "Myelin imaging",
            "Perfusion MRI",
            "Biophysical modelling",
            "Preclinical imaging",
        ),
        applications=(
            "Multiple sclerosis",
            "Liver and gastrointestinal",
            "Kidney",
            "Respiratory",
            "Musculoskeletal",
            "Neuroscience",
            "Oncology",
        ),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in MR physics"),
                    Job(STUDENT, "Doctoral researcher in magnetic resonance"),
                ),
                EARLY: (
                    Job(PHYSICIST, "Research Fellow in MR Physics"),
                    Job(PHYSICIST, "MR Physicist"),
                    Job(PHYSICIST, "Postdoctoral Research Associate"),
                ),
                MID: (
                    Job(PHYSICIST, "Associate Professor of MR Physics"),
                    Job(PHYSICIST, "Senior Research Fellow in Magnetic Resonance"),
                    Job(PHYSICIST, "Assistant Professor in Medical Physics"),
                ),
                SENIOR: (
                    Job(PHYSICIST, "Professor of Magnetic Resonance Physics"),
                    Job(PHYSICIST, "Professor of Physics"),
                ),
            },
            NHS_TRUST: {
                EARLY: (
                    Job(PHYSICIST, "Clinical Scientist (MRI Physics)", "Dr?"),
                    Job(PHYSICIST, "Trainee Clinical Scientist", ""),
                ),
                MID: (
                    Job(PHYSICIST, "Principal Clinical Scientist, MRI", "Dr?"),
                    Job(PHYSICIST, "Lead MRI Physicist", "Dr?"),
                ),
                SENIOR: (Job(PHYSICIST, "Consultant Clinical Scientist"), Job(PHYSICIST, "Head of MRI Physics")),
            },
        },
        training=("physics", "electrical engineering", "chemistry", "medical physics"),
        topics=(
            "parallel transmission at 7 T",
            "motion correction for high-resolution imaging",
            "fast T1 and T2 mapping",
            "accelerated imaging from undersampled data",
            "RF coil design",
            "imaging the gut without contrast agents",
            "measuring kidney blood flow",
            "xenon imaging of lung ventilation",
            "GABA and glutamate spectroscopy",
            "harmonising scanners across sites",
            "MRI safety of implants at high field",
            "affordable low-field MRI",
        ),
        focus=(
            "{ref} develops new {m} methods; current work is on {topic}.",
            "{ref}'s group designs pulse sequences and reconstruction methods for {topic}, and applies them in "
            "studies of {app}.",
            "Much of {ref}'s work sits between the scanner and the clinic, currently on {topic}.",
            "{ref} works on {m} and {m2}, especially {topic}.",
        ),
        papers=(
            "Rapid {technique} with compressed sensing",
            "Parallel transmit pulse design for whole-brain imaging at 7 T",
            "Non-contrast assessment of organ perfusion in {group}",
            "Harmonising {technique} across three scanner vendors",
            "A phantom study of {technique} accuracy",
            "{technique} in {group}: a feasibility study",
            "Motion-robust {technique} with prospective correction",
            "A 7 T protocol for imaging {group}",
        ),
        venues=(
            "Magnetic Resonance in Medicine",
            "NMR in Biomedicine",
            "NeuroImage",
            "Journal of Magnetic Resonance Imaging",
            "Radiology",
            "Physics in Medicine and Biology",
            "Magnetic Resonance Materials in Physics, Biology and Medicine",
        ),
    ),
    "fmri_methods": Archetype(
        label="Neuroimaging methods (fMRI)",
        core=(
            "Functional MRI",
            "Brain connectivity",
            "Statistical analysis of imaging data",
            "Image processing pipelines",
        ),
        related=(
            "Structural MRI",
            "Perfusion MRI",
            "Ultra-high-field MRI",
            "Machine learning",
            "Research data management",
            "Magnetic resonance imaging",
            "Image registration",
        ),
        applications=("Neuroscience", "Psychiatry and mental health", "Healthy ageing", "Pain", "Sleep"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in cognitive neuroimaging"),
                    Job(STUDENT, "Doctoral researcher, fMRI methods"),
                ),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Neuroimaging"),
                    Job(RESEARCHER, "Postdoctoral Research Associate"),
                    Job(PHYSICIST, "Research Software Engineer, Neuroimaging", "Dr?"),
                ),
                MID: (
                    Job(RESEARCHER, "Associate Professor in Cognitive Neuroscience"),
                    Job(RESEARCHER, "Lecturer in Neuroimaging Methods"),
                ),
                SENIOR: (
                    Job(RESEARCHER, "Professor of Cognitive Neuroimaging"),
                    Job(RESEARCHER, "Professor of Neuroscience"),
                ),
            },
        },
        training=("psychology", "neuroscience", "physics", "statistics"),
        topics=(
            "layer-specific fMRI at 7 T",
            "resting-state network dynamics",
            "physiological noise correction",
            "reproducible analysis pipelines",
            "individual differences in brain networks",
            "predicting symptoms from brain connectivity",
            "naturalistic viewing paradigms",
            "open data in the BIDS format",
            "how the brain processes pain",
            "brain changes after sleep loss",
            "reward processing in adolescence",
        ),
        focus=(
            "{ref} studies how brain networks support behaviour, using {m} and {m2} to look at {topic}.",
            "{ref} develops analysis methods for {m}, with a current focus on {topic}.",
            "Central to {ref}'s work is {topic}, studied with {m}.",
            "{ref} combines {m} with careful experimental design to understand {topic}.",
        ),
        papers=(
            "Test-retest reliability of resting-state connectivity in {group}",
            "Layer-specific fMRI of cortical feedback at 7 T",
            "Physiological noise correction for {technique}: a comparison of methods",
            "Large-scale brain network dynamics in {group}",
            "An open, BIDS-compliant pipeline for {technique}",
            "Predicting symptom severity from functional connectivity in {group}",
            "The effect of head motion on {technique} measures in {group}",
        ),
        venues=(
            "NeuroImage",
            "Human Brain Mapping",
            "Journal of Neuroscience",
            "Imaging Neuroscience",
            "Cerebral Cortex",
            "Biological Psychiatry",
            "Network Neuroscience",
            "Pain",
        ),
    ),
    "diffusion": Archetype(
        label="Diffusion MRI and tractography",
        core=("Diffusion MRI", "Myelin imaging", "Brain connectivity", "Biophysical modelling"),
        related=(
            "Structural MRI",
            "Quantitative MRI",
            "Image registration",
            "Image processing pipelines",
            "Ultra-high-field MRI",
            "Magnetic resonance imaging",
            "Machine learning",
        ),
        applications=(
            "Multiple sclerosis",
            "Neurodevelopment",
            "Traumatic brain injury",
            "Stroke and cerebrovascular disease",
            "Healthy ageing",
            "Epilepsy",
        ),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (Job(STUDENT, "PhD student in diffusion MRI"),),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Diffusion MRI"),
                    Job(PHYSICIST, "Postdoctoral Research Physicist"),
                ),
                MID: (
                    Job(RESEARCHER, "Associate Professor of Neuroimaging"),
                    Job(PHYSICIST, "Senior Lecturer in Medical Imaging"),
                ),
                SENIOR: (Job(RESEARCHER, "Professor of Imaging Neuroscience"),),
            },
        },
        training=("physics", "biomedical engineering", "mathematics", "computer science"),
        topics=(
            "microstructure models of white matter",
            "tractography for neurosurgical planning",
            "myelin water imaging",
            "axon diameter mapping",
            "white matter development in preterm infants",
            "harmonising diffusion data across sites",
            "white matter damage after head injury",
            "the structural connectome",
        ),
        focus=(
            "{ref} uses {technique} to measure the microstructure of white matter, with a focus on {topic}.",
            "{ref}'s research links {m} with {m2}, aiming at {topic}.",
            "{ref} develops biophysical models that turn {m} data into measures clinicians can use, for example "
            "in {topic}.",
        ),
        papers=(
            "Tractography of the corticospinal tract in {group}",
            "White matter microstructure in {group}: a {design} study",
            "Harmonisation of multi-site diffusion MRI data",
            "Axon diameter mapping with strong diffusion gradients",
            "Myelin and diffusion markers of {app}",
            "Structural connectome changes in {group}",
            "A comparison of tractography algorithms in {group}",
        ),
        venues=(
            "NeuroImage",
            "Magnetic Resonance in Medicine",
            "Human Brain Mapping",
            "Brain",
            "Brain Structure and Function",
            "NeuroImage: Clinical",
            "Medical Image Analysis",
        ),
    ),
    "pet_chemistry": Archetype(
        label="PET radiochemistry and molecular imaging",
        core=("Positron emission tomography", "Radiotracer development", "Hybrid PET-MR"),
        related=(
            "Single-photon emission computed tomography",
            "Preclinical imaging",
            "Image reconstruction",
            "Biophysical modelling",
            "Statistical analysis of imaging data",
            "Computed tomography",
        ),
        applications=("Oncology", "Dementia", "Movement disorders", "Cardiovascular disease"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in radiochemistry"),
                    Job(STUDENT, "Doctoral researcher in molecular imaging"),
                ),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Radiochemistry"),
                    Job(RESEARCHER, "Postdoctoral Research Associate, PET"),
                ),
                MID: (
                    Job(RESEARCHER, "Associate Professor of Molecular Imaging"),
                    Job(RESEARCHER, "Lecturer in Radiopharmaceutical Chemistry"),
                ),
                SENIOR: (Job(RESEARCHER, "Professor of Molecular Imaging"),),
            },
            NHS_TRUST: {
                EARLY: (
                    Job(PHYSICIST, "Clinical Scientist (Nuclear Medicine)", "Dr?"),
                    Job(CLINICIAN, "Specialty Registrar in Nuclear Medicine"),
                ),
                MID: (
                    Job(CLINICIAN, "Consultant in Nuclear Medicine"),
                    Job(PHYSICIST, "Principal Radiopharmacist", "Dr?"),
                ),
                SENIOR: (
                    Job(CLINICIAN, "Consultant Radiologist and Clinical Lead for PET-CT"),
                    Job(PHYSICIST, "Head of Nuclear Medicine Physics"),
                ),
            },
        },
        training=("chemistry", "pharmacy", "physics", "pharmacology"),
        specialties=("nuclear medicine", "clinical radiology"),
        groups={"Oncology": ("lung cancer", "prostate cancer", "lymphoma", "neuroendocrine tumours")},
        topics=(
            "fluorine-18 labelling chemistry",
            "tracers for tau and amyloid",
            "kinetic modelling of dynamic PET",
            "PSMA imaging in prostate cancer",
            "imaging neuroinflammation",
            "automated radiosynthesis under GMP",
            "dopamine transporter imaging",
            "motion correction for PET-MR",
        ),
        focus=(
            "{ref} develops and validates PET tracers, with a focus on {topic}.",
            "{ref} works on {m} and {m2}, from {topic} to first-in-human studies.",
            "{ref}'s research uses {m} to study {app}, particularly {topic}.",
        ),
        papers=(
            "Automated radiosynthesis of a fluorine-18 tracer for imaging {group}",
            "Kinetic modelling of dynamic {modality} in {group}",
            "Simultaneous PET-MR of neuroinflammation in {group}",
            "First-in-human dosimetry of a novel PET radioligand",
            "Motion correction for brain {modality}: a phantom and patient study",
            "Tracer uptake and clinical outcome in {group}: a {design} study",
        ),
        venues=(
            "European Journal of Nuclear Medicine and Molecular Imaging",
            "Journal of Nuclear Medicine",
            "EJNMMI Research",
            "Nuclear Medicine and Biology",
            "Journal of Cerebral Blood Flow and Metabolism",
            "Molecular Imaging and Biology",
        ),
    ),
    "neuroradiology": Archetype(
        label="Clinical neuroradiologist",
        core=("Magnetic resonance imaging", "Computed tomography", "Structural MRI", "Diffusion MRI"),
        related=(
            "Perfusion MRI",
            "Quantitative susceptibility mapping",
            "Radiomics",
            "Image segmentation",
            "Photon-counting CT",
            "Low-field and portable MRI",
            "Deep learning",
            "Functional MRI",
        ),
        applications=(
            "Stroke and cerebrovascular disease",
            "Oncology",
            "Multiple sclerosis",
            "Epilepsy",
            "Traumatic brain injury",
            "Neurodevelopment",
        ),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (Job(STUDENT, "Clinical Research Fellow (PhD)", "Dr"),),
                EARLY: (
                    Job(CLINICIAN, "NIHR Academic Clinical Fellow in Radiology"),
                    Job(CLINICIAN, "Clinical Lecturer in Radiology"),
                ),
                MID: (Job(CLINICIAN, "Associate Professor and Honorary Consultant Neuroradiologist"),),
                SENIOR: (Job(CLINICIAN, "Professor of Neuroradiology"),),
            },
            NHS_TRUST: {
                EARLY: (
                    Job(CLINICIAN, "Specialty Registrar in Clinical Radiology"),
                    Job(CLINICIAN, "Research Radiographer", "", "allied"),
                    Job(CLINICIAN, "Neuroradiology Fellow"),
                ),
                MID: (
                    Job(CLINICIAN, "Consultant Neuroradiologist"),
                    Job(CLINICIAN, "Consultant Radiologist"),
                    Job(CLINICIAN, "Advanced Practitioner Radiographer (MRI)", "", "allied"),
                ),
                SENIOR: (
                    Job(CLINICIAN, "Consultant Neuroradiologist and Clinical Director"),
                    Job(CLINICIAN, "Consultant Neuroradiologist and Honorary Professor"),
                ),
            },
        },
        training=("medical physics", "neuroscience"),
        specialties=("clinical radiology", "neuroradiology"),
        groups={"Oncology": ("glioma", "brain metastases", "paediatric brain tumours")},
        topics=(
            "imaging in hyperacute stroke",
            "MRI follow-up of low-grade glioma",
            "paediatric brain tumours",
            "imaging biomarkers in multiple sclerosis",
            "shorter scans for children",
            "AI triage of head CT",
            "finding subtle lesions in focal epilepsy",
            "imaging after head injury",
        ),
        focus=(
            "{ref}'s day-to-day work is in brain and spine {modality}; in research, the main interest is {topic}.",
            "{ref} leads studies on {topic}, working closely with physicists and neurologists.",
            "{ref}'s research asks how {m} can change clinical decisions in {app}.",
            "{ref} is interested in bringing {m} from research into routine reporting, especially for {topic}.",
        ),
        papers=(
            "Diagnostic accuracy of {technique} in {group}",
            "Inter-reader agreement for {modality} in {group}",
            "Door-to-needle times after CT perfusion in acute stroke: a service evaluation",
            "Deep learning triage of non-contrast head CT: a prospective evaluation",
            "Imaging features predicting outcome in {group}",
            "A structured reporting template for {group}",
            "Abbreviated MRI protocols for {group}",
        ),
        venues=(
            "Radiology",
            "American Journal of Neuroradiology",
            "Neuroradiology",
            "Clinical Radiology",
            "European Radiology",
            "British Journal of Radiology",
            "Brain",
        ),
    ),
    "epilepsy": Archetype(
        label="Epilepsy neurologist and neurophysiologist",
        core=("Electroencephalography", "Intracranial EEG", "Magnetoencephalography", "Epilepsy"),
        related=(
            "Source imaging",
            "Neural oscillations",
            "Functional MRI",
            "Structural MRI",
            "Machine learning",
            "Evoked and event-related responses",
        ),
        applications=("Epilepsy", "Sleep", "Neurodevelopment"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (Job(STUDENT, "Clinical Research Fellow in Epilepsy", "Dr"),),
                EARLY: (Job(CLINICIAN, "Clinical Lecturer in Neurology"),),
                MID: (Job(CLINICIAN, "Associate Professor of Neurology"),),
                SENIOR: (Job(CLINICIAN, "Professor of Clinical Neurophysiology"),),
            },
            NHS_TRUST: {
                EARLY: (
                    Job(CLINICIAN, "Specialty Registrar in Neurology"),
                    Job(CLINICIAN, "Clinical Physiologist (Neurophysiology)", "", "allied"),
                ),
                MID: (
                    Job(CLINICIAN, "Consultant Neurologist"),
                    Job(CLINICIAN, "Consultant Clinical Neurophysiologist"),
                    Job(CLINICIAN, "Consultant Paediatric Neurologist"),
                ),
                SENIOR: (
                    Job(CLINICIAN, "Consultant Neurologist and Epilepsy Surgery Lead"),
                    Job(CLINICIAN, "Consultant Clinical Neurophysiologist and Honorary Professor"),
                ),
            },
        },
        training=("neuroscience", "biomedical engineering"),
        specialties=("neurology", "clinical neurophysiology", "paediatric neurology"),
        topics=(
            "presurgical evaluation of drug-resistant epilepsy",
            "stereo-EEG planning",
            "seizure detection from long-term EEG",
            "high-frequency oscillations as markers of the seizure onset zone",
            "how sleep affects seizures",
            "epilepsy in children with developmental conditions",
            "locating interictal spikes with MEG",
        ),
        focus=(
            "{ref} looks after people with epilepsy and researches {topic}.",
            "Within the epilepsy surgery programme, {ref} works on {topic}, combining {m} with {m2}.",
            "{ref}'s research uses {m} to answer practical questions from the clinic, currently around {topic}.",
        ),
        papers=(
            "High-frequency oscillations on {modality} predict surgical outcome in drug-resistant epilepsy",
            "Automated seizure detection from long-term {modality}",
            "Concordance of MEG and stereo-EEG in children with focal epilepsy",
            "Sleep and interictal activity in focal epilepsy",
            "Outcomes of epilepsy surgery after intracranial monitoring: a ten-year series",
            "Source imaging of interictal spikes in {group}",
        ),
        venues=(
            "Epilepsia",
            "Brain",
            "Clinical Neurophysiology",
            "Seizure",
            "Epilepsy Research",
            "Journal of Neurology, Neurosurgery and Psychiatry",
            "Developmental Medicine and Child Neurology",
        ),
    ),
    "dementia": Archetype(
        label="Dementia researcher",
        core=("Dementia", "Structural MRI", "Positron emission tomography"),
        related=(
            "Perfusion MRI",
            "Machine learning",
            "Statistical analysis of imaging data",
            "MR spectroscopy",
            "Diffusion MRI",
            "Electroencephalography",
            "Image segmentation",
        ),
        applications=("Dementia", "Healthy ageing", "Movement disorders", "Stroke and cerebrovascular disease"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (Job(STUDENT, "PhD student in dementia research"),),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Dementia"),
                    Job(RESEARCHER, "Postdoctoral Research Associate"),
                ),
                MID: (
                    Job(RESEARCHER, "Associate Professor of Dementia Research"),
                    Job(CLINICIAN, "Clinical Associate Professor in Old Age Psychiatry"),
                ),
                SENIOR: (
                    Job(RESEARCHER, "Professor of Neurodegeneration"),
                    Job(CLINICIAN, "Professor of Old Age Psychiatry"),
                ),
            },
            NHS_TRUST: {
                EARLY: (Job(CLINICIAN, "Specialty Registrar in Geriatric Medicine"),),
                MID: (
                    Job(CLINICIAN, "Consultant Neurologist (Cognitive Disorders)"),
                    Job(CLINICIAN, "Consultant Geriatrician"),
                ),
                SENIOR: (Job(CLINICIAN, "Consultant Neurologist and Memory Clinic Lead"),),
            },
        },
        training=("neuroscience", "psychology", "biomedical science"),
        specialties=("neurology", "geriatric medicine", "old age psychiatry"),
        topics=(
            "early markers of Alzheimer's disease",
            "blood tests alongside brain imaging",
            "small vessel disease and cognitive decline",
            "hearing loss and dementia risk",
            "amyloid and tau imaging in memory clinics",
            "predicting progression from mild cognitive impairment",
            "resilience of the ageing brain",
            "dementia with Lewy bodies",
        ),
        focus=(
            "{ref} works on {topic}, using {m} and {m2} in people attending memory clinics.",
            "{ref}'s research asks why some people stay cognitively well for longer than others, with a focus on "
            "{topic}.",
            "{ref} combines {m} with clinical assessment to study {topic}.",
        ),
        papers=(
            "Hippocampal volume and memory decline in {group}",
            "Predicting progression from mild cognitive impairment with multimodal imaging",
            "Amyloid PET in a memory clinic population: a {design} study",
            "Cerebral blood flow in {group}: an arterial spin labelling study",
            "White matter hyperintensities and cognition in {group}",
            "Plasma p-tau217 and structural MRI in {group}",
        ),
        venues=(
            "Brain",
            "Alzheimer's & Dementia",
            "Neurobiology of Aging",
            "Journal of Alzheimer's Disease",
            "NeuroImage: Clinical",
            "Journal of Neurology, Neurosurgery and Psychiatry",
            "Age and Ageing",
        ),
    ),
    "cardiac": Archetype(
        label="Cardiac imaging",
        core=("Cardiac MRI", "Cardiovascular disease", "Magnetic resonance imaging"),
        related=(
            "Computed tomography",
            "Ultrasound imaging",
            "Quantitative MRI",
            "Perfusion MRI",
            "Image segmentation",
            "Deep learning",
            "Photon-counting CT",
        ),
        applications=("Cardiovascular disease", "Kidney", "Respiratory"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "Clinical Research Fellow in Cardiology", "Dr"),
                    Job(STUDENT, "PhD student in cardiac imaging"),
                ),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Cardiovascular Imaging"),
                    Job(CLINICIAN, "NIHR Clinical Lecturer in Cardiology"),
                ),
                MID: (
                    Job(CLINICIAN, "Associate Professor of Cardiology"),
                    Job(RESEARCHER, "Lecturer in Cardiovascular Imaging"),
                ),
                SENIOR: (
                    Job(CLINICIAN, "Professor of Cardiovascular Imaging"),
                    Job(RESEARCHER, "Professor of Cardiovascular Science"),
                ),
            },
            NHS_TRUST: {
                EARLY: (
                    Job(CLINICIAN, "Specialty Registrar in Cardiology"),
                    Job(CLINICIAN, "Cardiac MRI Radiographer", "", "allied"),
                ),
                MID: (
                    Job(CLINICIAN, "Consultant Cardiologist"),
                    Job(CLINICIAN, "Consultant Cardiothoracic Radiologist"),
                ),
                SENIOR: (Job(CLINICIAN, "Consultant Cardiologist and Imaging Lead"),),
            },
        },
        training=("physiology", "biomedical engineering", "physics"),
        specialties=("cardiology", "cardiothoracic radiology"),
        topics=(
            "mapping fibrosis in the heart muscle",
            "stress perfusion imaging for chest pain",
            "the heart in chronic kidney disease",
            "cardiac effects of long COVID",
            "AI contouring of the ventricles",
            "coronary CT angiography",
            "heart failure with preserved ejection fraction",
            "inherited cardiomyopathies",
        ),
        focus=(
            "{ref}'s research uses {m} to understand {topic}.",
            "{ref} runs studies on {topic}, bringing {m} and {m2} together.",
            "Most of {ref}'s current work is on {topic}.",
        ),
        papers=(
            "Native T1 mapping in {group}",
            "Stress perfusion cardiovascular magnetic resonance in {group}",
            "Automated ventricular segmentation with deep learning: an external validation",
            "Myocardial fibrosis and outcomes in {group}",
            "Photon-counting coronary CT angiography: first clinical experience",
            "Cardiac involvement in {group}: a cardiovascular magnetic resonance study",
        ),
        venues=(
            "Journal of Cardiovascular Magnetic Resonance",
            "European Heart Journal - Cardiovascular Imaging",
            "JACC: Cardiovascular Imaging",
            "Heart",
            "Radiology",
            "Circulation: Cardiovascular Imaging",
        ),
    ),
    "image_analysis": Archetype(
        label="Medical image analysis and deep learning",
        core=("Deep learning", "Image segmentation", "Machine learning", "Image registration"),
        related=(
            "Image reconstruction",
            "Radiomics",
            "Visualisation",
            "Computed tomography",
            "Microscopy and histology imaging",
            "X-ray imaging",
            "Magnetic resonance imaging",
            "Research data management",
            "Image processing pipelines",
            "Ultrasound imaging",
        ),
        applications=(
            "Oncology",
            "Cardiovascular disease",
            "Dementia",
            "Musculoskeletal",
            "Stroke and cerebrovascular disease",
            "Respiratory",
        ),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in computer vision"),
                    Job(STUDENT, "Doctoral researcher in medical image analysis"),
                ),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Medical Image Analysis"),
                    Job(PHYSICIST, "Research Software Engineer", "Dr?"),
                    Job(RESEARCHER, "Assistant Professor of Computer Science"),
                ),
                MID: (
                    Job(RESEARCHER, "Associate Professor of Computer Science"),
                    Job(RESEARCHER, "Reader in Medical Imaging"),
                ),
                SENIOR: (
                    Job(RESEARCHER, "Professor of Computer Vision"),
                    Job(RESEARCHER, "Professor of Medical Image Computing"),
                ),
            },
            NHS_TRUST: {
                EARLY: (Job(PHYSICIST, "Clinical Scientist, Imaging AI", "Dr?"),),
                MID: (Job(PHYSICIST, "Principal Clinical Scientist, Imaging Informatics", "Dr?"),),
                SENIOR: (Job(PHYSICIST, "Head of Clinical AI", "Dr?"),),
            },
        },
        training=("computer science", "electrical engineering", "mathematics", "physics"),
        topics=(
            "segmentation models that work across hospitals",
            "uncertainty estimates clinicians can trust",
            "registration of scans taken years apart",
            "federated learning across NHS sites",
            "learning from radiology reports",
            "computational pathology on whole-slide images",
            "low-dose CT reconstruction",
            "shape analysis of bones and joints",
            "explainable AI for triage",
            "automated measurement of body composition",
        ),
        focus=(
            "{ref} develops {m} methods for medical images, with a focus on {topic}.",
            "{ref}'s group works on {topic}, and on getting the resulting tools into clinical use.",
            "{ref} builds software for {topic}, combining {m} with {m2}.",
            "{ref} is interested in {topic} and in honest evaluation of AI tools on real clinical data.",
        ),
        papers=(
            "Domain generalisation for {modality} segmentation across hospitals",
            "Uncertainty-aware deep learning for {group}",
            "Federated learning of {modality} models across NHS sites",
            "Self-supervised pretraining for {modality} analysis",
            "Deformable registration of longitudinal {modality} scans",
            "Explainable classification of {group} from routine imaging",
            "A public benchmark for automated segmentation in {group}",
        ),
        venues=(
            "Medical Image Analysis",
            "IEEE Transactions on Medical Imaging",
            "Medical Image Computing and Computer Assisted Intervention (MICCAI)",
            "Computerized Medical Imaging and Graphics",
            "Radiology: Artificial Intelligence",
            "Physics in Medicine and Biology",
        ),
    ),
    "bioinformatics": Archetype(
        label="Bioinformatics and imaging genetics",
        core=("Bioinformatics", "Machine learning", "Statistical analysis of imaging data"),
        related=(
            "Radiomics",
            "Research data management",
            "Image processing pipelines",
            "Microscopy and histology imaging",
            "Deep learning",
            "Visualisation",
            "Structural MRI",
        ),
        applications=("Oncology", "Dementia", "Psychiatry and mental health", "Neurodevelopment", "Respiratory"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in bioinformatics"),
                    Job(STUDENT, "Doctoral researcher in health data science"),
                ),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Imaging Genetics"),
                    Job(RESEARCHER, "Bioinformatician", "Dr?"),
                    Job(PHYSICIST, "Research Data Engineer", "Dr?"),
                ),
                MID: (
                    Job(RESEARCHER, "Associate Professor of Bioinformatics"),
                    Job(RESEARCHER, "Senior Lecturer in Health Data Science"),
                ),
                SENIOR: (Job(RESEARCHER, "Professor of Computational Biology"),),
            },
        },
        training=("genetics", "statistics", "computer science", "biochemistry"),
        topics=(
            "genetic studies of brain structure",
            "linking tumour genomics with imaging features",
            "polygenic risk and brain ageing",
            "multi-omics integration",
            "reproducible workflows for large cohorts",
            "spatial transcriptomics alongside histology",
            "linking imaging with health records",
        ),
        focus=(
            "{ref} analyses imaging and genomic data together, currently focusing on {topic}.",
            "{ref} builds statistical and {m} methods for {topic}.",
            "{ref}'s work on {topic} draws on {m} and large research cohorts.",
        ),
        papers=(
            "Genome-wide association study of imaging-derived phenotypes in {group}",
            "Radiogenomic signatures in glioma",
            "Polygenic risk scores and brain structure in {group}",
            "A reproducible workflow for linking imaging and genomic data",
            "Multi-omics integration with imaging in {group}",
            "Spatial transcriptomics and digital pathology in colorectal cancer",
        ),
        venues=(
            "Bioinformatics",
            "Nature Communications",
            "NeuroImage",
            "Biological Psychiatry",
            "Genome Medicine",
            "PLOS Computational Biology",
            "Briefings in Bioinformatics",
        ),
    ),
    "eeg_neuroscience": Archetype(
        label="EEG cognitive neuroscientist",
        core=("Electroencephalography", "Evoked and event-related responses", "Neural oscillations", "Neuroscience"),
        related=(
            "Functional near-infrared spectroscopy",
            "Transcranial magnetic stimulation",
            "Source imaging",
            "Statistical analysis of imaging data",
            "Machine learning",
            "Magnetoencephalography",
        ),
        applications=(
            "Neuroscience",
            "Neurodevelopment",
            "Sleep",
            "Psychiatry and mental health",
            "Pain",
            "Healthy ageing",
        ),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in psychology"),
                    Job(STUDENT, "Doctoral researcher in cognitive neuroscience"),
                ),
                EARLY: (
                    Job(RESEARCHER, "Research Fellow in Cognitive Neuroscience"),
                    Job(RESEARCHER, "Lecturer in Psychology"),
                ),
                MID: (
                    Job(RESEARCHER, "Associate Professor of Psychology"),
                    Job(RESEARCHER, "Senior Lecturer in Cognitive Neuroscience"),
                ),
                SENIOR: (
                    Job(RESEARCHER, "Professor of Cognitive Neuroscience"),
                    Job(RESEARCHER, "Professor of Developmental Psychology"),
                ),
            },
        },
        training=("psychology", "neuroscience", "biomedical engineering"),
        topics=(
            "attention and alpha rhythms",
            "how infants learn language",
            "sleep spindles and memory",
            "prediction in perception",
            "brain stimulation to improve memory",
            "mobile EEG outside the lab",
            "how expectation shapes pain",
            "early signs of cognitive decline in the EEG",
        ),
        focus=(
            "{ref} studies {topic} with {m} and {m2}.",
            "{ref}'s research uses {m} to look at {topic}.",
            "{ref} is interested in {topic}, and in making {m} studies more reproducible.",
        ),
        papers=(
            "Alpha oscillations and visual attention in {group}",
            "Mobile EEG during natural walking: a validation study",
            "Sleep spindles and overnight memory consolidation in {group}",
            "Event-related potentials of prediction error in {group}",
            "Combining TMS and EEG to probe cortical excitability in {group}",
            "Simultaneous fNIRS and EEG in infants: a feasibility study",
        ),
        venues=(
            "Journal of Neuroscience",
            "NeuroImage",
            "Cortex",
            "Psychophysiology",
            "Developmental Science",
            "Journal of Cognitive Neuroscience",
            "Sleep",
            "Clinical Neurophysiology",
        ),
    ),
    "msk_imaging": Archetype(
        label="Musculoskeletal imaging and biomechanics",
        core=("Ultrasound imaging", "Musculoskeletal", "Quantitative MRI", "Biophysical modelling"),
        related=(
            "Magnetic resonance imaging",
            "Image segmentation",
            "Computed tomography",
            "X-ray imaging",
            "Machine learning",
            "Visualisation",
        ),
        applications=("Musculoskeletal", "Healthy ageing", "Pain"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (
                    Job(STUDENT, "PhD student in sport and exercise science"),
                    Job(STUDENT, "Doctoral researcher in biomechanics"),
                ),
                EARLY: (
                    Job(RESEARCHER, "Research Associate in Musculoskeletal Imaging"),
                    Job(PHYSICIST, "Research Fellow in Biomechanical Engineering"),
                ),
                MID: (
                    Job(RESEARCHER, "Senior Lecturer in Musculoskeletal Biology"),
                    Job(PHYSICIST, "Associate Professor of Biomedical Engineering"),
                ),
                SENIOR: (
                    Job(RESEARCHER, "Professor of Musculoskeletal Health"),
                    Job(PHYSICIST, "Professor of Biomechanics"),
                ),
            },
        },
        training=("sport and exercise science", "mechanical engineering", "physiotherapy", "biomedical engineering"),
        topics=(
            "muscle architecture seen with ultrasound",
            "how tendons adapt to training",
            "computer models of knee loading",
            "muscle loss in older adults",
            "cartilage mapping in osteoarthritis",
            "estimating bone strength from CT",
            "imaging of skeletal trauma",
        ),
        focus=(
            "{ref} uses {m} and {m2} to study {topic}.",
            "{ref}'s research on {topic} combines imaging with measurements of movement and strength.",
            "{ref} develops {m} methods for {topic}.",
        ),
        papers=(
            "Shear-wave elastography of the Achilles tendon in {group}",
            "Muscle architecture and strength in {group}: an ultrasound study",
            "Finite element modelling of knee loading in {group}",
            "T2 mapping of knee cartilage in {group}",
            "Bone microarchitecture from micro-CT: a reproducibility study",
        ),
        venues=(
            "Journal of Biomechanics",
            "Osteoarthritis and Cartilage",
            "Medicine & Science in Sports & Exercise",
            "Journal of Applied Physiology",
            "Ultrasound in Medicine & Biology",
            "Bone",
        ),
    ),
    "optical_imaging": Archetype(
        label="Optical imaging and biophotonics",
        core=("Optical imaging", "Functional near-infrared spectroscopy", "Image reconstruction"),
        related=(
            "Microscopy and histology imaging",
            "Biophysical modelling",
            "Preclinical imaging",
            "Machine learning",
            "Visualisation",
        ),
        applications=("Neuroscience", "Oncology", "Cardiovascular disease", "Neurodevelopment"),
        jobs={
            UNIVERSITY: {
                DOCTORAL: (Job(STUDENT, "PhD student in biophotonics"),),
                EARLY: (
                    Job(PHYSICIST, "Research Fellow in Biophotonics"),
                    Job(PHYSICIST, "Postdoctoral Research Associate in Optics"),
                ),
                MID: (
                    Job(PHYSICIST, "Senior Lecturer in Photonics"),
                    Job(PHYSICIST, "Associate Professor of Biomedical Optics"),
                ),
                SENIOR: (Job(PHYSICIST, "Professor of Biophotonics"),),
            },
        },
        training=("physics", "optical engineering", "electronic engineering"),
        groups={
            "Cardiovascular disease": ("peripheral arterial disease", "diabetic foot disease"),
            "Oncology": ("breast cancer", "skin cancer", "oesophageal cancer"),
        },
        topics=(
            "optical coherence tomography of the retina",
            "photoacoustic imaging of tumour oxygenation",
            "wearable fNIRS for infants",
            "diffuse optical tomography",
            "label-free imaging of tissue",
            "fibre-optic probes for endoscopy",
        ),
        focus=(
            "{ref} designs optical instruments for {topic}.",
            "{ref}'s research on {topic} combines {m} with {m2}.",
            "{ref} works at the boundary of physics and medicine, currently on {topic}.",
        ),
        papers=(
            "Swept-source OCT angiography of the retina: a repeatability study",
            "Photoacoustic imaging of tumour oxygenation in a preclinical model",
            "Wearable fNIRS in {group}: a feasibility study",
            "Image reconstruction for diffuse optical tomography with learned priors",
            "Label-free multiphoton imaging of unstained tissue sections",
        ),
        venues=(
            "Biomedical Optics Express",
            "Journal of Biomedical Optics",
            "Neurophotonics",
            "Optics Letters",
            "Photoacoustics",
            "Scientific Reports",
        ),
    ),
    "industry_meg": Archetype(
        label="OPM-MEG industry engineer",
        core=("OPM-MEG", "Magnetoencephalography"),
        related=(
            "Source imaging",
            "Biophysical modelling",
            "Image processing pipelines",
            "Research data management",
            "Neural oscillations",
            "Visualisation",
        ),
        applications=("Epilepsy", "Neurodevelopment", "Traumatic brain injury", "Neuroscience"),
        jobs={
            COMPANY: {
                EARLY: (
                    Job(INDUSTRY, "Applications Scientist", "Dr?"),
                    Job(INDUSTRY, "Electronics Engineer", ""),
                    Job(INDUSTRY, "Software Engineer", "Dr?"),
                ),
                MID: (
                    Job(INDUSTRY, "Senior Systems Engineer", "Dr?"),
                    Job(INDUSTRY, "Product Manager, OPM-MEG", "Dr?"),
                    Job(INDUSTRY, "Lead Physicist"),
                ),
                SENIOR: (Job(INDUSTRY, "Head of Engineering"), Job(INDUSTRY, "Head of Applications")),
            },
        },
        training=("physics", "electronic engineering", "computer science"),
        topics=(
            "helmet design for children and adults",
            "magnetic shielding and active field nulling",
            "sensor calibration",
            "analysis software for clinical users",
            "installing systems in hospitals",
            "supporting research customers",
        ),
        focus=(
            "At {inst}, {ref} works on {topic}.",
            "{ref} is responsible for {topic} and helps customers get started with {m}.",
            "{ref}'s work covers {topic} and {topic2}.",
        ),
        papers=(
            "Installation of an OPM-MEG system in a hospital environment",
            "Calibration of triaxial optically pumped magnetometer arrays",
            "Active field nulling in a lightweight shielded room",
        ),
        venues=("NeuroImage", "IEEE Sensors Journal", "Journal of Neural Engineering", "Imaging Neuroscience"),
    ),
    "industry_services": Archetype(
        label="Imaging services (industry)",
        core=(
            "Positron emission tomography",
            "Radiotracer development",
            "Computed tomography",
            "Magnetic resonance imaging",
        ),
        related=(
            "Research data management",
            "Image reconstruction",
            "Deep learning",
            "Single-photon emission computed tomography",
        ),
        applications=("Oncology", "Dementia", "Cardiovascular disease"),
        jobs={
            COMPANY: {
                EARLY: (
                    Job(INDUSTRY, "Radiochemist", "Dr?"),
                    Job(INDUSTRY, "PET-CT Radiographer", "", "allied"),
                    Job(INDUSTRY, "Clinical Applications Specialist", "", "allied"),
                ),
                MID: (
                    Job(INDUSTRY, "Production Manager, Radiopharmacy", "Dr?"),
                    Job(INDUSTRY, "Research Partnerships Manager", "Dr?"),
                    Job(INDUSTRY, "Quality Assurance Lead", "Dr?"),
                ),
                SENIOR: (Job(INDUSTRY, "Director of Radiopharmacy"), Job(INDUSTRY, "Medical Director")),
            },
        },
        training=("chemistry", "diagnostic radiography", "pharmacy", "physics"),
        topics=(
            "GMP production of PET tracers",
            "mobile scanning services",
            "imaging for clinical trials",
            "quality assurance across a fleet of scanners",
            "access to PET-CT outside large cities",
        ),
        focus=(
            "At {inst}, {ref} looks after {topic}.",
            "{ref} works on {topic} and {topic2}.",
            "{ref}'s role covers {topic}, working with NHS and university partners.",
        ),
        papers=(
            "Access to PET-CT across a regional network: a service evaluation",
            "Quality control of fluorine-18 radiopharmaceuticals at scale",
            "Imaging in multi-centre trials: lessons from a commercial core laboratory",
        ),
        venues=(
            "Nuclear Medicine Communications",
            "EJNMMI Radiopharmacy and Chemistry",
            "Clinical Radiology",
            "European Journal of Nuclear Medicine and Molecular Imaging",
        ),
    ),
}

# How an area reads inside a sentence or a title; other names are used with a lower-case first letter.
AREA_PHRASES = {
    "Magnetic resonance imaging": "MRI",
    "Magnetoencephalography": "MEG",
    "Electroencephalography": "EEG",
    "Positron emission tomography": "PET",
    "Hybrid PET-MR": "PET-MR",
    "Single-photon emission computed tomography": "SPECT",
    "Computed tomography": "CT",
    "Ultrasound imaging": "ultrasound",
    "Functional near-infrared spectroscopy": "fNIRS",
    "Transcranial magnetic stimulation": "TMS",
    "Microscopy and histology imaging": "digital pathology",
    "Low-field and portable MRI": "low-field MRI",
    "MR physics and sequence development": "pulse sequence design",
    "Evoked and event-related responses": "event-related responses",
    "Statistical analysis of imaging data": "statistical modelling",
    "Image processing pipelines": "reproducible processing pipelines",
    "Stroke and cerebrovascular disease": "stroke",
    "Psychiatry and mental health": "mental health",
    "Neuroscience": "cognitive neuroscience",
    "Neurodevelopment": "brain development",
    "Musculoskeletal": "musculoskeletal health",
    "Liver and gastrointestinal": "liver and gut disease",
    "Respiratory": "lung disease",
    "Kidney": "kidney disease",
    "Pain": "chronic pain",
    "Oncology": "cancer",
    "Sleep": "sleep",
}

# Study populations for publication titles ("... in {group}"), per application area.
GROUPS = {
    "Neuroscience": ("healthy adults", "healthy volunteers", "young adults"),
    "Epilepsy": ("people with epilepsy", "children with focal epilepsy", "drug-resistant epilepsy"),
    "Dementia": ("Alzheimer's disease", "mild cognitive impairment", "people with dementia"),
    "Neurodevelopment": ("children", "autistic children", "preterm-born infants", "adolescents"),
    "Psychiatry and mental health": ("major depression", "first-episode psychosis", "schizophrenia"),
    "Stroke and cerebrovascular disease": (
        "acute ischaemic stroke",
        "stroke survivors",
        "cerebral small vessel disease",
    ),
    "Multiple sclerosis": ("multiple sclerosis", "relapsing-remitting multiple sclerosis"),
    "Movement disorders": ("Parkinson's disease", "essential tremor"),
    "Traumatic brain injury": ("mild traumatic brain injury", "sports-related concussion"),
    "Sleep": ("sleep deprivation", "people with insomnia", "obstructive sleep apnoea"),
    "Oncology": ("glioma", "lung cancer", "colorectal cancer", "breast cancer"),
    "Cardiovascular disease": ("heart failure", "hypertrophic cardiomyopathy", "coronary artery disease"),
    "Musculoskeletal": ("knee osteoarthritis", "older adults with sarcopenia", "elite athletes"),
    "Liver and gastrointestinal": ("fatty liver disease", "Crohn's disease", "irritable bowel syndrome"),
    "Respiratory": ("COPD", "severe asthma", "long COVID"),
    "Kidney": ("chronic kidney disease", "kidney transplant recipients"),
    "Pain": ("chronic low back pain", "fibromyalgia"),
    "Healthy ageing": ("older adults", "a lifespan cohort"),
}

# Techniques that are ways of building a method rather than measurements, so titles such as
# "Test-retest reliability of {technique}" skip them.
NOT_MEASUREMENTS = frozenset(
    {"MR physics and sequence development", "Image reconstruction", "Radiotracer development", "Preclinical imaging"}
)

STUDY_DESIGNS = ("cross-sectional", "longitudinal", "multi-centre", "pilot", "case-control", "prospective cohort")

# Career-stage mix of the people generated at each kind of institution.
STAGE_WEIGHTS = {
    UNIVERSITY: {DOCTORAL: 35, EARLY: 30, MID: 20, SENIOR: 15},
    NHS_TRUST: {EARLY: 35, MID: 40, SENIOR: 25},
    COMPANY: {EARLY: 35, MID: 45, SENIOR: 20},
}

# When people at each stage started their current post, and the years their papers come from.
STARTED = {DOCTORAL: (2021, 2025), EARLY: (2017, 2024), MID: (2009, 2020), SENIOR: (2001, 2014)}
PAPER_YEARS = {DOCTORAL: (2023, 2026), EARLY: (2015, 2026), MID: (2010, 2026), SENIOR: (2008, 2026)}

# Earlier places of study and work; fictional people, real places.
# fmt: off
PLACES = (
    "University College London", "the University of Oxford", "the University of Cambridge", "King's College London",
    "the University of Manchester", "Cardiff University", "the University of Glasgow", "the University of Edinburgh",
    "Imperial College London", "KU Leuven", "Aarhus University", "McGill University", "the University of Melbourne",
    "Radboud University", "ETH Zurich", "the University of Sheffield", "Newcastle University",
    "the University of Bristol", "Karolinska Institutet", "the University of Toronto", "Maastricht University",
    "the University of Copenhagen", "Tsinghua University", "the Indian Institute of Technology Delhi",
    "the University of Cape Town", "the University of São Paulo", "Trinity College Dublin", "the University of Leeds",
)
# fmt: on
# fmt: off
MEDICAL_SCHOOLS = (
    "the University of Birmingham", "the University of Nottingham", "the University of Leicester", "Keele University",
    "Warwick Medical School", "King's College London", "the University of Edinburgh", "University College Dublin",
    "the University of Lagos", "the University of Malaya", "Aga Khan University", "Charles University in Prague",
    "the University of Manchester", "the University of Bristol", "Cardiff University", "Jagiellonian University",
)
# fmt: on

# Where radiographers and clinical physiologists in the demo trained.
# fmt: off
UK_PLACES = (
    "Birmingham City University", "Sheffield Hallam University", "the University of Derby", "Cardiff University",
    "City, University of London", "the University of Leeds", "the University of Salford",
)
# fmt: on

# fmt: off
FIRST_NAMES = (
    "Amira", "Oluwaseun", "Priya", "Rajesh", "Siobhán", "Zoë", "Łukasz", "Chloé", "José", "Mateo", "Aisha", "Yusuf",
    "Fatima", "Hannah", "Thomas", "Eleanor", "James", "Olivia", "Mohammed", "Ravi", "Anjali", "Wei", "Mei", "Hiroshi",
    "Yuki", "Kwame", "Chidi", "Ngozi", "Tendai", "Lindiwe", "Sofia", "Lucía", "Alejandro", "Camille", "Étienne",
    "Björn", "Ingrid", "Søren", "Astrid", "Matthias", "Katarzyna", "Agnieszka", "Tomasz", "Dimitris", "Eleni", "Giulia",
    "Marco", "Francesca", "Ahmed", "Layla", "Omar", "Noor", "Hamza", "Sanjay", "Deepa", "Harpreet", "Gurpreet",
    "Simran", "Arjun", "Kavya", "Nadia", "Ivan", "Oksana", "Andriy", "Mehmet", "Elif", "Zeynep", "Ana", "João",
    "Beatriz", "Tiago", "Niamh", "Ciarán", "Aoife", "Eoin", "Rhiannon", "Gethin", "Catrin", "Callum", "Isla", "Fraser",
    "Morag", "Daniel", "Sarah", "Rebecca", "Matthew", "Laura", "Joseph", "Grace", "Samuel", "Lucy", "Benjamin",
    "Charlotte", "George", "Emily", "Oliver", "Jessica", "William", "Sophie", "Jack", "Amelia", "Harry", "Ruth",
    "Peter", "Helen", "Martin", "Claire", "Andrew", "Rachel", "Stephen", "Joanna", "Michael", "Kate", "David", "Anna",
    "Jonathan", "Fiona", "Richard", "Alice", "Nikhil", "Shreya", "Tariq", "Bushra", "Adebayo", "Folake", "Kofi",
    "Abena", "Thandiwe", "Jin", "Hyun-woo", "Ji-yeon", "Minh", "Linh", "Renée", "Noémie", "Anaïs", "Raphaël", "Jürgen",
    "Friederike", "Małgorzata", "Piotr", "Javier", "Nerea",
)
# fmt: on
# fmt: off
LAST_NAMES = (
    "Müller", "Ó Briain", "Nuñez", "Okafor", "Adeyemi", "Mensah", "Osei", "Nwosu", "Patel", "Sharma", "Gupta", "Singh",
    "Kaur", "Chaudhry", "Hussain", "Khan", "Ahmed", "Rahman", "Begum", "Iqbal", "Malik", "Chen", "Wang", "Li", "Zhang",
    "Liu", "Tanaka", "Sato", "Nakamura", "Kim", "Park", "Nguyen", "Tran", "García", "Fernández", "Rodríguez", "López",
    "Martínez", "Sánchez", "Silva", "Santos", "Oliveira", "Costa", "Pereira", "Rossi", "Bianchi", "Romano", "Esposito",
    "Dubois", "Lefèvre", "Moreau", "Girard", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann",
    "Schäfer", "Köhler", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Nielsen", "Jørgensen", "Andersen",
    "Johansson", "Lindqvist", "Nowak", "Kowalski", "Zieliński", "Dvořák", "Novák", "Horváth", "Nagy", "Popescu",
    "Papadopoulos", "Georgiou", "Yılmaz", "Kaya", "Demir", "Çelik", "Öztürk", "Haddad", "Nasser", "Mansour", "Cohen",
    "Levi", "Murphy", "Kelly", "O'Sullivan", "Walsh", "McCarthy", "Byrne", "Doyle", "MacLeod", "Campbell", "Stewart",
    "Fraser", "Robertson", "Davies", "Evans", "Jones", "Williams", "Hughes", "Lloyd", "Price", "Morgan", "Smith",
    "Brown", "Taylor", "Wilson", "Johnson", "Wright", "Walker", "Robinson", "Thompson", "White", "Hall", "Green",
    "Clarke", "Wood", "Turner", "Hill", "Cooper", "Ward", "Harris", "Baker", "Hargreaves", "Ashworth", "Pemberton",
    "Whitfield", "Fairbairn", "Holloway", "Sutcliffe", "Brennan", "Okonkwo", "Abubakar", "Balogun", "Eze", "Kamau",
    "Otieno", "Dlamini", "Ndlovu", "Banerjee", "Mukherjee", "Iyer", "Menon", "Reddy", "Pillai", "Desai", "Joshi",
    "Kapoor", "Bhatt", "Sørensen", "Ferreira", "Lindgren",
)
# fmt: on

# Biography sentences. {name} is the full name with title, {ref} how later sentences refer to the person.
OPENINGS = {
    DOCTORAL: (
        "{name} is a doctoral researcher at {where}.",
        "{name} is studying for a PhD at {where}, on {topic3}.",
        "{name} began a PhD at {where} in {year}.",
    ),
    "staff": (
        "{name} is {a_job} at {where}.",
        "{name} joined {where} in {year} and is now {a_job}.",
        "{name} works at {where} as {a_job}.",
    ),
    "lead": (
        "{name} is {a_job} at {where} and leads a group working on {topic3}.",
        "{name} has worked at {inst} since {year} and is now {a_job}.",
    ),
}
BACKGROUNDS = {
    "academic": (
        "{ref} completed a PhD in {training} at {place} before moving to {city}.",
        "Before coming to {city}, {ref} held postdoctoral posts at {place} and {place2}.",
        "{ref} trained in {training} at {place}.",
    ),
    "student": (
        "{ref} came to imaging from a first degree in {training} at {place}.",
        "Before the PhD, {ref} studied {training} at {place} and worked for a year as a research assistant.",
    ),
    "clinical": (
        "{ref} studied medicine at {medical_school} and specialised in {specialty}.",
        "After specialist training in {specialty}, {ref} spent a fellowship year at {place}.",
        "{ref} qualified in medicine at {medical_school} and completed specialty training in the Midlands.",
    ),
    "allied": (
        "{ref} trained at {uk_place} and has worked in NHS diagnostic services since qualifying.",
        "{ref} qualified at {uk_place} and moved into research after several years of clinical work.",
    ),
    "industry": (
        "{ref} has a background in {training} and previously worked at {place}.",
        "{ref} joined {inst} in {year} after a PhD in {training} at {place}.",
    ),
}
PROJECTS = {
    "any": (
        "Current projects include {topic4} and a collaboration with {partner} on {app}.",
        "A current project, run with colleagues at {partner}, applies {m} to {app}.",
        "Recent work has looked at {topic4}.",
    ),
    "staff": (
        "{ref} is currently leading a study of {topic4}.",
        "{ref} holds funding for work on {topic4}.",
    ),
}
CLOSINGS = {
    "researcher": (
        "{ref} welcomes contact from clinicians with questions that {m} might help answer.",
        "{ref} is happy to advise colleagues planning {m} studies.",
        "{ref} collaborates with colleagues at {partner} on {topic5}.",
        "Outside research, {ref} takes part in public engagement, including school visits and science festivals.",
    ),
    "lead": (
        "{ref} supervises PhD students and teaches on postgraduate imaging courses.",
        "{ref} sits on the steering group of several multi-site imaging studies.",
    ),
    "clinician": (
        "{ref} is keen to work with imaging scientists who can help turn clinical questions into studies.",
        "{ref} supports trainees who want to take part in imaging research.",
        "{ref} collaborates with colleagues at {partner} on {topic5}.",
    ),
    "student": (
        "The project is supervised by a team spanning {inst} and {partner}.",
        "{ref} is keen to learn from other groups and to share code and data openly.",
        "{ref} would welcome contact from anyone working on {topic5}.",
    ),
    "industry": (
        "{ref} works closely with academic and NHS partners, including teams at {partner}.",
        "{ref} is open to discussing pilot projects with research groups.",
    ),
}
INTEREST_SENTENCES = (
    "Particularly interested in {topic} and in {app}.",
    "Keen to collaborate on {topic}.",
    "Currently most interested in what {technique} can add to {app} research.",
    "Open to projects that bring {m} to new clinical questions.",
    "Interested in {topic}, and in {m2} more broadly.",
)
GENERIC_PAPERS = (
    "Test-retest reliability of {technique} in {group}",
    "{technique} in {group}: a {design} study",
    "A practical guide to {m} for clinical researchers",
    "Reproducibility of {technique} across sites",
)

# Ofcom reserves these ranges for drama, so they never ring a real person.
PHONE_PREFIXES = {"Nottingham": "0115 496 0", "Leicester": "0116 496 0", "Birmingham": "0121 496 0"}
OTHER_PHONE_PREFIX = "01632 960"
