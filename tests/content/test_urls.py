"""The canonical-URL rule, on the fact base's own mirrors and on the real reference list."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lesson.content_model import load
from lesson.content_model.urls import CANONICAL_HOSTS, problem_with

# shared/ sits beside the repository (on developer machines and in CI alike).
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
FACT_FILES = [REFERENCE / "medical-facts.md", REFERENCE / "canonical-sources.md"]

# Copies the fact base found facts on: caches, mirrors, staging, proxies, wrappers, sharing sites, blogs.
MIRRORS = [
    "https://cc.bingj.com/cache.aspx?q=lower+back+pain&d=4947987407245470&mkt=zh-HK&setlang=zh-HK&w=H2Pbo",
    "https://nhsfife-stage.factory73.com/services/all-services/patient-advice/acute-back-pain",
    "https://staging.physiciansweekly.com/burden-of-low-back-pain-global-analysis-from-1990-to-2020/",
    "https://sheffieldachespains-staging.preflight.site/conditions/back-pain/what-is-back-pain",
    "https://bestpractice-bmj-com.bibliotheek.ehb.be/topics/en-gb/3000164/investigations",
    "https://www.scribd.com/document/735478478/low-back-pain-and-sciatica-in-over-16s",
    "https://ja.scribd.com/document/201060769/Untitled",
    "https://docksci.com/the-global-burden-of-low-back-pain-estimates_5af2222cd64ab25123901bfa.html",
    "https://info.5y1.org/what-causes-a-bulging-disc_1_b280cd.html",
    "https://pastebin.com/KUVSV349",
    "https://bit.ly/3wuQPLc",
    "https://linkinghub.elsevier.com/retrieve/pii/S1546-1440(16)30440-9",
    "https://mdsite.deno.dev/https://pubmed.ncbi.nlm.nih.gov/31451200",
    "https://gamestartup.netlify.app/host-https-pubmed.ncbi.nlm.nih.gov/36398843",
    "https://lessismoreebm.wordpress.com/2016/03/04/prevention-of-low-back-pain-a-systematic-review/",
    "https://sars-transmission.blogspot.com/2024/02/low-back-pain-world-health-organization.html",
    "http://nhs.com.in/Conditions/Back-pain/Pages/treatmentoptions",
    "https://nhs.com.in/Conditions/Back-pain/Pages/treatmentoptions",
    "http://47.251.13.51:8081/22586331",
    "https://47.251.13.51/22586331",
    "https://cochranelibrary.com/es/cdsr/doi/10.1002/14651858.CD004750.pub2/full/ru",
    "https://www.bmj.com/content/356/bmj.i6748/rapid-responses?int_source=trendmd&int_medium=cpc",
    "https://download.skyscape.com/download/ota/lonestar/B4562E59/ebmgneuro.ed18/content/HTML/7/tn34.htm",
    "https://pubmedhh.nlm.nih.gov/cgi-bin/abstract.cgi?from=jb&id=23384256",
    "http://www.nhsinform.co.uk/msk/back/",
    "https://jesse.tg/ngc-archive/summary/11116",
    "https://www.chiro.org/Global_Burden/Global_Regional_and_National_Burden_of_LBP_2050.shtml",
    "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.nice.org.uk%2Fguidance%2Fng59",
    "https://www-nice-org-uk.ezproxy.example.ac.uk/guidance/ng59",
    "https://www.nice.org.uk.idm.oclc.org/guidance/ng59",
    "https://webcache.googleusercontent.com/search?q=cache:www.nhs.uk/conditions/back-pain/",
]

CANONICAL = [
    "https://www.nice.org.uk/guidance/ng59",
    "https://doi.org/10.1503/cmaj.111271",
    "https://pubmed.ncbi.nlm.nih.gov/19790051/",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC7186678",
    "https://www.ncbi.nlm.nih.gov/books/NBK599210/",
    "https://stacks.cdc.gov/view/cdc/107894",
    "https://bestpractice.bmj.com/topics/en-gb/3000164",
    "https://www.mayoclinic.org/symptoms/back-pain/basics/definition/sym-20050878",
    "https://www.acpjournals.org/doi/10.7326/M16-2367",
    "https://www.ajnr.org/content/36/4/811",
    "https://bjsm.bmj.com/content/54/12/698",
    "https://www.nhs.uk/conditions/back-pain/",
    "https://acsearch.acr.org/list/GetAppendix?PanelName=Neurologic&TopicId=141",
]


@pytest.mark.parametrize("url", MIRRORS)
def test_mirrors_caches_and_copies_are_rejected(url: str) -> None:
    assert problem_with(url) is not None
    assert problem_with(url)


@pytest.mark.parametrize("url", CANONICAL)
def test_canonical_records_are_accepted(url: str) -> None:
    assert problem_with(url) is None


def _fact_base_urls() -> list[str]:
    found: set[str] = set()
    for path in FACT_FILES:
        for url in re.findall(r"https?://[^\s)|;,>\"]+", path.read_text(encoding="utf-8")):
            found.add(url.rstrip("."))
    return sorted(found)


def test_every_fact_base_url_is_rejected_unless_on_a_publisher_host() -> None:
    urls = _fact_base_urls()
    assert len(urls) > 150
    accepted = [u for u in urls if problem_with(u) is None]
    for url in accepted:
        host = urlsplit(url).hostname or ""
        assert host in CANONICAL_HOSTS or f"www.{host}" in CANONICAL_HOSTS, url
    rejected_hosts = {urlsplit(u).hostname for u in urls if problem_with(u) is not None}
    assert {
        "cc.bingj.com",
        "scribd.com",
        "www.scribd.com",
        "docksci.com",
        "info.5y1.org",
        "bestpractice-bmj-com.bibliotheek.ehb.be",
        "nhs.com.in",
        "mdsite.deno.dev",
    } <= rejected_hosts


def test_allow_list_says_why_each_host_is_canonical() -> None:
    assert all(reason.strip() for reason in CANONICAL_HOSTS.values())
    assert all(host == host.lower() and not host.startswith("http") for host in CANONICAL_HOSTS)


def test_real_references_use_canonical_urls() -> None:
    bad = {
        ref_id: problem_with(ref.url) for ref_id, ref in load.references().items() if problem_with(ref.url)
    }
    assert bad == {}
