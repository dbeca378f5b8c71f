#!/usr/bin/python3
# A held-out set for `npm run bench -- extract`: pages from two other sites than the ScrapingHub
# benchmark's news and blogs, read where Debian installs them (debian-reference-{en,de,fr,es,ja,zh-cn}:
# DocBook HTML with navigation headers and footers and tables of contents; python3-doc: Sphinx HTML
# with a sidebar, related-links bars and a footer). The main content of each page is annotated from
# its structure as a reader would mark it: the chapter's or section's body, without the page title,
# navigation, tables of contents, sidebars, permalink marks and footers. Nothing of these pages is
# committed; this script derives the annotation on the machine. Prints JSON [{id, path, expected}].
import json, os, sys
from lxml import html as lh

REF = "/usr/share/debian-reference"
PY = "/usr/share/doc/python3.11/html"
PAGES = [(f"{REF}/{n}", "docbook") for n in [
    "ch02.en.html", "ch05.en.html", "ch09.en.html", "ch03.de.html", "ch04.fr.html", "ch06.es.html",
    "ch07.ja.html", "ch08.zh-cn.html"]] + [(f"{PY}/{n}", "sphinx") for n in [
    "tutorial/controlflow.html", "library/json.html", "library/itertools.html", "howto/logging.html",
    "faq/general.html", "library/os.path.html", "reference/datamodel.html", "tutorial/classes.html"]]

BLOCK = {"p", "div", "pre", "li", "dt", "dd", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote", "section"}

def text_of(el):
    out = []
    def walk(e):
        if not isinstance(e.tag, str):
            if e.tail: out.append(e.tail)
            return
        if e.tag in BLOCK: out.append("\n")
        if e.text: out.append(e.text)
        for c in e: walk(c)
        if e.tag in BLOCK: out.append("\n")
        if e.tail: out.append(e.tail)
    walk(el)
    return "\n".join(l.strip() for l in "".join(out).split("\n") if l.strip())

def drop(root, xpath):
    for e in root.xpath(xpath):
        tail = e.tail
        parent = e.getparent()
        if parent is None: continue
        if tail:  # keep the text that follows the removed element
            prev = e.getprevious()
            if prev is not None: prev.tail = (prev.tail or "") + tail
            else: parent.text = (parent.text or "") + tail
        parent.remove(e)

def annotate(path, kind):
    root = lh.parse(path).getroot()
    if kind == "docbook":
        main = root.xpath("//body")[0]
        drop(main, ".//div[@class='navheader'] | .//div[@class='navfooter'] | .//div[contains(@class,'toc')] | .//div[contains(@class,'list-of-')] | .//h1[@class='title']")
    else:
        main = root.xpath("//div[@role='main']")[0]
        drop(main, ".//a[@class='headerlink'] | .//h1 | .//nav[contains(@class,'contents')] | .//div[contains(@class,'contents') and contains(@class,'topic')]")
    return text_of(main)

pages = []
for path, kind in PAGES:
    if os.path.exists(path):
        pages.append({"id": os.path.relpath(path, REF if kind == "docbook" else PY), "path": path, "expected": annotate(path, kind)})
json.dump(pages, sys.stdout, ensure_ascii=False)
