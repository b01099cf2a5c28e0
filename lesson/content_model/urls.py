"""Is a reference URL the canonical record, or a copy of it?

The fact base found many facts on caches, mirrors, staging sites, library proxies and
document-sharing sites. A learner must be sent to the record itself: the guideline's own
page, a DOI, or the PubMed/PMC/Bookshelf record. So the rule is an explicit allow-list of
publisher hosts; anything else is rejected, with a reason when we can name the kind of copy.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qs, urlsplit

# host -> why it is canonical. Bare-domain spellings of a "www." host are the same publisher.
CANONICAL_HOSTS: dict[str, str] = {
    "doi.org": "DOI resolver: the persistent identifier of a paper or report",
    "pubmed.ncbi.nlm.nih.gov": "PubMed record (NLM)",
    "pmc.ncbi.nlm.nih.gov": "PubMed Central full text (NLM)",
    "www.ncbi.nlm.nih.gov": "NCBI Bookshelf, PMC and legacy PubMed paths (NLM)",
    "meshb.nlm.nih.gov": "MeSH browser (NLM), for term definitions",
    "www.nice.org.uk": "NICE guidelines and quality standards (publisher)",
    "www.who.int": "World Health Organization publications and fact sheets (publisher)",
    "www.cdc.gov": "CDC / NCHS data briefs (publisher)",
    "stacks.cdc.gov": "CDC's own repository record of its publications",
    "www.ninds.nih.gov": "NINDS patient fact sheets (publisher)",
    "ods.od.nih.gov": "NIH Office of Dietary Supplements fact sheets (publisher)",
    "www.nhs.uk": "NHS website health A to Z (publisher)",
    "www.nhsinform.scot": "NHS inform, Scotland's national health information service (publisher)",
    "mpft.nhs.uk": "Midlands Partnership NHS Foundation Trust's own patient pages (publisher)",
    "www.mayoclinic.org": "Mayo Clinic patient pages (publisher)",
    "www.mayoclinichealthsystem.org": "Mayo Clinic Health System pages (publisher)",
    "bestpractice.bmj.com": "BMJ Best Practice topics (publisher)",
    "www.bmj.com": "The BMJ article pages (publisher)",
    "bjsm.bmj.com": "British Journal of Sports Medicine article pages (publisher)",
    "www.acpjournals.org": "Annals of Internal Medicine (ACP, publisher)",
    "www.ajnr.org": "American Journal of Neuroradiology (publisher)",
    "www.cochranelibrary.com": "Cochrane Library reviews (publisher)",
    "www.efsa.europa.eu": "European Food Safety Authority opinions (publisher)",
    "nap.nationalacademies.org": "National Academies Press reports (publisher)",
    "www.pulsetoday.co.uk": "Pulse articles, cited at their own address",
    "acsearch.acr.org": "ACR Appropriateness Criteria topic pages (publisher)",
    "girft-interactivepathways.org.uk": "GIRFT (NHS England) national clinical pathways (publisher)",
}

# Path prefixes required on hosts that also serve non-record pages.
_PATHS: dict[str, tuple[str, ...]] = {
    "doi.org": ("/10.",),
    "www.ncbi.nlm.nih.gov": ("/books/", "/pmc/", "/pubmed/"),
}

# Cochrane also serves machine-translated renderings (/es/..., .../full/ru); only the English record counts.
_COCHRANE_RECORD = re.compile(r"^/cdsr/doi/10\.[^/]+/[^/]+(/(full|abstract|information))?/?$")

# (pattern on the host, kind of copy): names the kind of copy when a host is not allow-listed.
_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(^|[.-])(cache|webcache)|bingj\.com$|googleusercontent\.com$|archive\.(org|ph|today)$"),
     "a search-engine cache or web archive"),
    (re.compile(r"blogspot\.|wordpress\.com$|medium\.com$|substack\.com$|netlify\.app$|deno\.dev$"
                r"|github\.io$|wixsite\.com$"), "a personal blog or hosted copy"),
    (re.compile(r"(^|[.-])(staging|stage|preview|preflight)([.-]|$)"), "a staging or preview site"),
    (re.compile(r"ezproxy|\.idm\.oclc\.org$|bibliotheek\.|(^|\.)proxy\.|-(com|org|gov|uk)\."),
     "a library or institutional proxy"),
    (re.compile(r"safelinks|(^|\.)bit\.ly$|tinyurl\.com$|(^|\.)t\.co$|lnkd\.in$|linkinghub\.elsevier\.com$"
                r"|(^|\.)ow\.ly$|(^|\.)dx\.doi\.org$"), "a link wrapper or redirect"),
    (re.compile(r"scribd\.com$|docksci\.com$|5y1\.org$|pdfcoffee|studylib|dokumen\.pub$|vdocuments"
                r"|pastebin\.com$|issuhub\.com$|skyscape\.com$|researchgate\.net$"),
     "a document-sharing site"),
    (re.compile(r"(^|\.)nhs\.(?!uk$)|(^|\.)nice\.(?!org\.uk$)|(^|\.)who\.(?!int$)"),
     "a look-alike of an official domain"),
]

_TRACKING = re.compile(r"^(utm_|int_|fbclid$|gclid$|mc_)")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _allowed_host(host: str) -> str | None:
    if host in CANONICAL_HOSTS:
        return host
    if f"www.{host}" in CANONICAL_HOSTS:
        return f"www.{host}"
    return None


def problem_with(url: str) -> str | None:
    """Why ``url`` is not a canonical record, or None when it is."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "not a valid URL"
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        return "not https"
    if not host:
        return "no host"
    if _is_ip(host):
        return "a bare IP address, not a publisher's site"
    if port is not None or parts.username or parts.password:
        return "has a port or user name, so it is not the publisher's public address"
    canonical = _allowed_host(host)
    if canonical is None:
        for pattern, kind in _KINDS:
            if pattern.search(host):
                return f"{host} is {kind}"
        return f"{host} is not a canonical publisher host (use the DOI, PubMed or the publisher's page)"
    prefixes = _PATHS.get(canonical)
    if prefixes and not parts.path.startswith(prefixes):
        return f"{host} path must start with one of {', '.join(prefixes)}"
    if canonical == "www.cochranelibrary.com" and not _COCHRANE_RECORD.match(parts.path):
        return "not the English Cochrane record (use /cdsr/doi/<doi>/full or the DOI)"
    if any(_TRACKING.match(key) for key in parse_qs(parts.query)):
        return "has tracking parameters; use the plain address"
    return None

