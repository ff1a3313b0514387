#!/usr/bin/env python3
"""Builds the BrandPulse demo feeds from the hand-written mentions in feeds/_data/*.txt.

Python 3 standard library only. Deterministic: the same data gives byte-identical feeds.

    python3 scripts/make-demo-feeds.py            # write feeds/**
    python3 scripts/make-demo-feeds.py --stats    # also print mentions per brand per day

Data format (feeds/_data/*.txt, UTF-8):
    @source-key                          switch the current source (see SOURCES below)
    2026-10-16 06:25 | author | B+L0 | text [|| key=value; key=value]
        * time is UTC;
        * author: a name, or for Mastodon "user@instance (Display Name)"; later posts of the same
          account may give just "user";
        * brand annotations: B Biedronka, L Lidl, E eMAG, A Altex, S Сбербанк, T Тинькофф,
          R Revolut, M Monzo, O Orange, each followed by + - 0 (the intended sentiment for that
          brand); X marks a false friend that the brand exclusions must filter. The annotations are
          for the demo's README and the stats below; they never reach the feeds;
        * extras: t=Title, lang=xx (item language), dup=source:mode where mode is
          same (same id and link), utm (link + ?utm_source=...), fbclid (link + ?fbclid=...),
          repost=user@instance (Name) (identical text by another account).
    Other lines are comments.
"""
import hashlib
import html
import json
import random
import re
import sys
import unicodedata
import urllib.parse
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "feeds"
DATA = FEEDS / "_data"

BRANDS = {"B": "Biedronka", "L": "Lidl", "E": "eMAG", "A": "Altex", "S": "Сбербанк",
          "T": "Тинькофф", "R": "Revolut", "M": "Monzo", "O": "Orange"}
BRAND_TZ = {"B": "Europe/Warsaw", "L": "Europe/Warsaw", "E": "Europe/Bucharest",
            "A": "Europe/Bucharest", "S": "Europe/Moscow", "T": "Europe/Moscow",
            "R": "Europe/London", "M": "Europe/London", "O": "Europe/Warsaw"}

SOURCES = {
    "forum":   dict(kind="rss", path="pl/forum-zakupy.xml", lang="pl", tz="Europe/Warsaw",
                    title="Forum Zakupowicz – najnowsze posty", site="https://forum.zakupowicz.pl/"),
    "plnews":  dict(kind="rss", path="pl/wiadomosci-handlowe.xml", lang="pl", tz="Europe/Warsaw",
                    title="Przegląd prasy: handel i telekomunikacja", site="https://przeglad.handel24.pl/"),
    "mbied":   dict(kind="mastodon", path="mastodon/tag-biedronka-lidl.json", lang="pl",
                    instance="pol.social", tags={"biedronka", "lidl", "lidlpolska"}),
    "robl":    dict(kind="rss", path="ro/bloguri-tech.xml", lang="ro", tz="Europe/Bucharest",
                    title="Bloguri tech și e-commerce", site="https://agregator.bloguri-tech.ro/"),
    "rorec":   dict(kind="atom", path="ro/recenzii.xml", lang="ro", tz="Europe/Bucharest",
                    title="Recenzii.ro – magazine online și electronice", site="https://recenzii.ro/"),
    "memag":   dict(kind="mastodon", path="mastodon/tag-emag-altex.json", lang="ro",
                    instance="mastodon.social", tags={"emag", "altex"}),
    "ruotz":   dict(kind="jsonfeed", path="ru/otzyvy.json", lang="ru", tz="Europe/Moscow",
                    title="Отзывы о банках", site="https://otzyvy-bankov.ru/"),
    "msber":   dict(kind="mastodon", path="mastodon/tag-sber-tinkoff.json", lang="ru",
                    instance="lor.sh", tags={"сбер", "сбербанк", "тинькофф"}),
    "enblog":  dict(kind="atom", path="en/fintech-blogs.xml", lang="en", tz="Europe/London",
                    title="Planet UK Fintech", site="https://planet.ukfintech.blog/"),
    "ennews":  dict(kind="rss", path="en/uk-money-news.xml", lang="en", tz="Europe/London",
                    title="UK Money Desk – banking news", site="https://www.ukmoneydesk.co.uk/"),
    "mrev":    dict(kind="mastodon", path="mastodon/tag-revolut-monzo.json", lang="en",
                    instance="mastodon.social", tags={"revolut", "monzo"}),
    "morange": dict(kind="mastodon", path="mastodon/tag-orange.json", lang=None,
                    instance="mastodon.social", tags={"orange"}),
}

# Where the articles of news/blog authors live.
AUTHOR_SITES = {
    "Wiadomości Handlowe": "https://www.wiadomoscihandlowe.pl/artykul",
    "Portal Spożywczy": "https://www.portalspozywczy.pl/handel/wiadomosci",
    "Dlahandlu.pl": "https://www.dlahandlu.pl/detal-hurt/wiadomosci",
    "Rzeczpospolita": "https://www.rp.pl/handel",
    "Telko.in": "https://www.telko.in/news",
    "TechRider.ro": "https://techrider.ro/stiri",
    "Cristian Dinu": "https://blog.cristiandinu.ro/ecommerce",
    "Redacția": "https://www.stiri-tech.ro/articol",
    "Priya Shah": "https://priyashah.co.uk/blog",
    "The Frugal Londoner": "https://frugallondoner.com/posts",
    "Ben Carter": "https://bencarter.dev/writing",
    "UK Money Desk": "https://www.ukmoneydesk.co.uk/news",
}

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                     "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                     "yu", "ya"]))


def slugify(text, words=7):
    text = "".join(TRANSLIT.get(c, c) for c in text.lower().replace("ł", "l"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", text)
    return "-".join(parts[:words]) or "post"


def stable_int(*parts, mod=10**6):
    h = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return int(h[:12], 16) % mod


class Item:
    def __init__(self, src, when, author, brands, text, extras, lineno):
        self.src, self.when, self.author, self.brands = src, when, author, brands
        self.text, self.extras, self.lineno = text, extras, lineno
        self.id = self.link = None
        self.copy_of = None  # the original Item for a duplicate


def parse_brands(spec, where):
    out = []
    for code, sign in re.findall(r"([A-Z])([+\-0]?)", spec):
        if code == "X":
            out.append(("X", "x"))
            continue
        if code not in BRANDS or not sign:
            sys.exit(f"{where}: bad brand annotation {spec!r}")
        out.append((code, sign))
    return out


def load():
    items = []
    for path in sorted(DATA.glob("*.txt")):
        src = None
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if line.startswith("@"):
                src = line[1:].strip()
                if src not in SOURCES:
                    sys.exit(f"{where}: unknown source {src}")
                continue
            if not re.match(r"20\d\d-", line):
                continue
            body, _, extra = line.partition(" || ")
            fields = [f.strip() for f in body.split(" | ", 3)]
            if len(fields) != 4:
                sys.exit(f"{where}: expected 4 fields")
            when = datetime.strptime(fields[0], "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
            extras = {}
            for kv in filter(None, (p.strip() for p in extra.split(";"))) if extra else []:
                k, _, v = kv.partition("=")
                extras[k.strip()] = v.strip()
            items.append(Item(src, when, fields[1], parse_brands(fields[2], where), fields[3],
                              extras, where))
    return items


ACCOUNTS = {}


def account(author, instance):
    """'user@host (Name)' or 'user' -> (username, host, display_name)."""
    m = re.match(r"^([^\s(]+)(?:\s*\((.*)\))?$", author)
    handle, name = m.group(1), m.group(2)
    user, _, host = handle.partition("@")
    if not host:
        known = [k for k in ACCOUNTS if k[0] == user]
        host = known[0][1] if known else instance
    key = (user, host)
    if name:
        ACCOUNTS.setdefault(key, name)
    return user, host, ACCOUNTS.get(key, user)


def expand_duplicates(items):
    extra = []
    for it in items:
        dup = it.extras.get("dup")
        if not dup:
            continue
        target, _, mode = dup.partition(":")
        if target not in SOURCES:
            sys.exit(f"{it.lineno}: unknown dup target {target}")
        copy = Item(target, it.when, it.author, it.brands, it.text, dict(it.extras), it.lineno)
        copy.extras.pop("dup")
        copy.copy_of, copy.mode = it, mode
        if mode.startswith("repost="):
            copy.author = mode.split("=", 1)[1]
            copy.when = it.when + timedelta(minutes=40 + stable_int(it.text, mod=200))
        elif mode in ("utm", "fbclid"):
            copy.when = it.when + timedelta(minutes=25 + stable_int(it.text, mod=70))
        elif mode != "same":
            sys.exit(f"{it.lineno}: unknown dup mode {mode}")
        extra.append(copy)
    return items + extra


def assign_links(items):
    counters = defaultdict(lambda: 48211)
    for it in sorted(items, key=lambda i: (i.copy_of is not None, i.when, i.lineno)):
        src = SOURCES[it.src]
        orig = it.copy_of
        if orig is not None and it.mode == "same":
            it.id, it.link = orig.id, orig.link
            it.ms = getattr(orig, "ms", None)
            continue
        if orig is not None and it.mode in ("utm", "fbclid"):
            site = urllib.parse.urlparse(src.get("site", "https://" + src.get("instance", ""))).hostname
            if it.mode == "utm":
                it.link = orig.link + f"?utm_source={site}&utm_medium=rss&utm_campaign=syndication"
            else:
                token = hashlib.sha1(orig.link.encode()).hexdigest()[:24]
                it.link = orig.link + f"?fbclid=IwAR0{token}"
            it.id = it.link
            if it.src == "forum":
                it.author = "NewsBot"
            continue
        counters[it.src] += 3 + stable_int(it.text, mod=17)
        num = counters[it.src]
        title = it.extras.get("t") or it.text
        if src["kind"] == "mastodon":
            user, host, _ = account(it.author, src["instance"])
            ms = int(it.when.timestamp() * 1000) + stable_int(it.text, mod=59000)
            it.ms = ms
            it.id = str((ms << 16) + stable_int(it.author, it.text, mod=65536))
            it.link = f"https://{host}/@{user}/{it.id}"
        elif it.src == "forum":
            it.link = f"https://forum.zakupowicz.pl/t/{slugify(title)}/{num}"
            it.id = f"zakupowicz-post-{num}"
        elif it.src in ("plnews", "robl", "enblog", "ennews"):
            base = AUTHOR_SITES.get(it.author)
            if not base:
                sys.exit(f"{it.lineno}: no site for author {it.author}")
            sep = "," if it.src == "plnews" else "-"
            it.link = f"{base}/{slugify(title)}{sep}{num}" + (".html" if it.src == "plnews" else "")
            it.id = it.link
        elif it.src == "rorec":
            it.link = f"https://recenzii.ro/review/{slugify(title)}-{num}"
            it.id = f"tag:recenzii.ro,2026:review-{num}"
        elif it.src == "ruotz":
            it.link = f"https://otzyvy-bankov.ru/review/{num}/"
            it.id = str(num)


def title_of(it):
    if "t" in it.extras:
        return it.extras["t"]
    words = it.text.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def brand_categories(it):
    return [BRANDS[c] for c, s in it.brands if c != "X"]


def rfc822(dt, tz):
    local = dt.astimezone(ZoneInfo(tz))
    return local.strftime("%a, %d %b %Y %H:%M:%S %z")


def iso(dt, tz=None):
    d = dt.astimezone(ZoneInfo(tz)) if tz else dt
    s = d.isoformat(timespec="seconds")
    return s.replace("+00:00", "Z") if not tz else s


def esc(s):
    return html.escape(s, quote=True)


def text_to_html(text):
    out = esc(text)
    out = re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', out)
    return "<p>" + out + "</p>"


def write_rss(key, items):
    src = SOURCES[key]
    dc = key == "forum" or key == "plnews" or key == "robl"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:atom="http://www.w3.org/2005/Atom">', "<channel>",
           f"  <title>{esc(src['title'])}</title>", f"  <link>{src['site']}</link>",
           f'  <atom:link href="{src["site"]}rss" rel="self" type="application/rss+xml"/>',
           f"  <description>{esc(src['title'])}</description>",
           f"  <language>{src['lang']}</language>",
           f"  <lastBuildDate>{rfc822(max(i.when for i in items), src['tz'])}</lastBuildDate>"]
    for it in sorted(items, key=lambda i: i.when, reverse=True):
        permalink = "false" if key == "forum" and it.copy_of is None else "true"
        out.append("  <item>")
        out.append(f"    <title>{esc(title_of(it))}</title>")
        out.append(f"    <link>{esc(it.link)}</link>")
        out.append(f'    <guid isPermaLink="{permalink}">{esc(it.id)}</guid>')
        out.append(f"    <pubDate>{rfc822(it.when, src['tz'])}</pubDate>")
        if dc:
            out.append(f"    <dc:creator>{esc(it.author)}</dc:creator>")
        else:
            mail = "newsdesk@ukmoneydesk.co.uk"
            out.append(f"    <author>{mail} ({esc(it.author)})</author>")
        for cat in brand_categories(it) or ["Inne" if src["lang"] == "pl" else "Other"]:
            out.append(f"    <category>{esc(cat)}</category>")
        if key == "forum":
            body = text_to_html(it.text).replace("]]>", "]]]]><![CDATA[>")
            out.append(f"    <description><![CDATA[{body}]]></description>")
        elif key == "robl":
            out.append(f"    <description>{esc(text_to_html(it.text))}</description>")
        else:
            out.append(f"    <description>{esc(it.text)}</description>")
        out.append("  </item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def write_atom(key, items):
    src = SOURCES[key]
    updated = max(i.when for i in items)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{src["lang"]}">',
           f"  <id>{src['site']}</id>", f"  <title>{esc(src['title'])}</title>",
           f"  <updated>{iso(updated)}</updated>",
           f'  <link rel="alternate" type="text/html" href="{src["site"]}"/>',
           f'  <link rel="self" type="application/atom+xml" href="{src["site"]}feed.atom"/>']
    for it in sorted(items, key=lambda i: i.when, reverse=True):
        upd = it.when + timedelta(minutes=stable_int(it.id, mod=3) * 17)
        out.append("  <entry>")
        out.append(f"    <id>{esc(it.id)}</id>")
        out.append(f'    <title type="text">{esc(title_of(it))}</title>')
        out.append(f'    <link rel="alternate" type="text/html" href="{esc(it.link)}"/>')
        out.append(f"    <published>{iso(it.when, src['tz'])}</published>")
        out.append(f"    <updated>{iso(upd, src['tz'])}</updated>")
        out.append(f"    <author><name>{esc(it.author)}</name></author>")
        for cat in brand_categories(it):
            out.append(f'    <category term="{esc(cat)}"/>')
        out.append(f'    <content type="html">{esc(text_to_html(it.text))}</content>')
        out.append("  </entry>")
    out += ["</feed>", ""]
    return "\n".join(out)


def write_jsonfeed(key, items):
    src = SOURCES[key]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": src["title"],
            "home_page_url": src["site"], "feed_url": src["site"] + "feed.json",
            "language": src["lang"], "items": []}
    for n, it in enumerate(sorted(items, key=lambda i: i.when, reverse=True)):
        entry = {"id": it.id, "url": it.link, "title": title_of(it)}
        if stable_int(it.id, mod=3) == 0:
            entry["content_html"] = text_to_html(it.text)
        else:
            entry["content_text"] = it.text
        entry["date_published"] = iso(it.when, src["tz"])
        entry["authors"] = [{"name": it.author}]
        entry["tags"] = brand_categories(it)
        entry["language"] = it.extras.get("lang", src["lang"])
        feed["items"].append(entry)
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


HASHTAG = re.compile(r"(?<![\w&/])#(\w+)")
MENTION = re.compile(r"(?<![\w/])@([A-Za-z0-9_]+)(?:@([a-z0-9.\-]+\.[a-z]+))?")


def status_html(text, instance):
    parts = []
    for chunk in re.split(r"(https?://\S+)", text):
        if chunk.startswith("http"):
            shown = re.sub(r"^https?://(www\.)?", "", chunk)
            visible, rest = shown[:30], shown[30:]
            parts.append(f'<a href="{esc(chunk)}" target="_blank" rel="nofollow noopener noreferrer" '
                         f'translate="no"><span class="invisible">{esc(chunk[:len(chunk)-len(shown)])}'
                         f'</span><span class="{"ellipsis" if rest else ""}">{esc(visible)}</span>'
                         f'<span class="invisible">{esc(rest)}</span></a>')
            continue
        c = esc(chunk)
        c = HASHTAG.sub(lambda m: f'<a href="https://{instance}/tags/{urllib.parse.quote(m.group(1).lower())}"'
                        f' class="mention hashtag" rel="tag">#<span>{m.group(1)}</span></a>', c)
        c = MENTION.sub(lambda m: f'<span class="h-card" translate="no"><a href="https://'
                        f'{m.group(2) or instance}/@{m.group(1)}" class="u-url mention">@<span>'
                        f'{m.group(1)}</span></a></span>', c)
        parts.append(c)
    return "<p>" + "".join(parts) + "</p>"


def write_mastodon(key, items):
    src = SOURCES[key]
    inst = src["instance"]
    out = []
    for it in sorted(items, key=lambda i: (i.when, i.id), reverse=True):
        user, host, name = account(it.author, inst)
        tags = []
        for t in HASHTAG.findall(it.text):
            if t.lower() not in tags:
                tags.append(t.lower())
        if not src["tags"] & set(tags):
            sys.exit(f"{it.lineno}: post in {src['path']} lacks one of {sorted(src['tags'])}")
        loud = sum(1 for other in ITEMS if other.author.split()[0].split("@")[0] == user)
        followers = 40 + stable_int(user, mod=900) + loud * 260
        negative = any(s == "-" for _, s in it.brands)
        favs = stable_int(it.id, "f", mod=12 + (30 if negative else 18))
        acct = user if host == inst else f"{user}@{host}"
        out.append({
            "id": it.id,
            "created_at": datetime.fromtimestamp(it.ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.")
                          + f"{it.ms % 1000:03d}Z",
            "in_reply_to_id": None, "in_reply_to_account_id": None,
            "sensitive": False, "spoiler_text": "", "visibility": "public",
            "language": it.extras.get("lang", src["lang"]),
            "uri": f"https://{host}/users/{user}/statuses/{it.id}",
            "url": it.link,
            "replies_count": stable_int(it.id, "r", mod=6 + (10 if negative else 0)),
            "reblogs_count": stable_int(it.id, "b", mod=5 + (14 if negative else 3)),
            "favourites_count": favs,
            "edited_at": None,
            "content": status_html(it.text, inst),
            "reblog": None,
            "account": {
                "id": str(100000000000000000 + stable_int(user, host, mod=10**15)),
                "username": user, "acct": acct, "display_name": name,
                "locked": False, "bot": False,
                "created_at": f"20{18 + stable_int(user, mod=7)}-0{1 + stable_int(user, 'm', mod=9)}-1{stable_int(user, 'd', mod=9)}T00:00:00.000Z",
                "note": "", "url": f"https://{host}/@{user}",
                "followers_count": followers, "following_count": 20 + stable_int(user, "g", mod=400),
                "statuses_count": 150 + stable_int(user, "s", mod=4000),
            },
            "media_attachments": [],
            "mentions": [],
            "tags": [{"name": t, "url": f"https://{inst}/tags/{urllib.parse.quote(t)}"} for t in tags],
            "emojis": [], "card": None, "poll": None,
        })
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


WRITERS = {"rss": write_rss, "atom": write_atom, "jsonfeed": write_jsonfeed, "mastodon": write_mastodon}


def stats(items):
    originals = [i for i in items if i.copy_of is None]
    per_day = defaultdict(Counter)
    senti = defaultdict(Counter)
    for it in originals:
        for code, sign in it.brands:
            if code == "X":
                continue
            day = it.when.astimezone(ZoneInfo(BRAND_TZ[code])).strftime("%m-%d")
            per_day[code][day] += 1
            senti[code][sign] += 1
    days = [f"10-{d:02d}" for d in range(1, 31)]
    print("brand      " + " ".join(d[3:] for d in days) + "  total  +  -  0")
    for code in BRANDS:
        row = " ".join(f"{per_day[code].get(d, 0):2d}" for d in days)
        s = senti[code]
        print(f"{BRANDS[code]:10s} {row}  {sum(per_day[code].values()):4d} {s['+']:3d}{s['-']:3d}{s['0']:3d}")
    dups = [i for i in items if i.copy_of is not None]
    ff = [i for i in originals if any(c == "X" for c, _ in i.brands)]
    print(f"\nitems written: {len(items)}  unique: {len(originals)}  duplicates: {len(dups)}  "
          f"false friends: {len(ff)}")
    by_src = Counter(i.src for i in items)
    for k, v in by_src.items():
        print(f"  {SOURCES[k]['path']:36s} {v}")


ITEMS = []


def main():
    global ITEMS
    items = expand_duplicates(load())
    ITEMS = items
    assign_links(items)
    by_src = defaultdict(list)
    for it in items:
        by_src[it.src].append(it)
    for key, src in SOURCES.items():
        if not by_src[key]:
            sys.exit(f"no items for {key}")
        path = FEEDS / src["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(WRITERS[src["kind"]](key, by_src[key]), encoding="utf-8")
    if "--stats" in sys.argv:
        stats(items)


if __name__ == "__main__":
    main()
