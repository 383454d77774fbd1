#!/usr/bin/env python3
"""Fills the English plural forms of translations/deltadesk_en.ts.

The sources write English plurals as "%n row(s)"; without a catalogue Qt
shows that literally. Every numerus message gets "%n row" and "%n rows"
from "%n row(s)", and "Delete %n event?" from a source that writes the
plural, "Delete %n events?" (units such as "%n min ago" stay alike). The
forms are made anew on each run; entries that need a person stay unfinished.
"""
import re
import sys
import xml.etree.ElementTree as ET


# The one irregular plural the sources use.
IRREGULAR = {"persons": "people"}


def forms(source):
    if "(s)" in source:
        singular, plural = source.replace("(s)", ""), source.replace("(s)", "s")
        for regular, irregular in IRREGULAR.items():
            plural = plural.replace(regular, irregular)
        return singular, plural
    if "(es)" in source:
        return source.replace("(es)", ""), source.replace("(es)", "es")
    if re.search(r"\([a-z]+\)", source):
        return None  # an irregular plural: a person decides
    # "Delete %n events?": the word after the number is a plural noun; its
    # singular drops the s ("%n s" and "%n min" are units, alike in both).
    singular = re.sub(r"(%L?n )([A-Za-z]+[^s])s\b", r"\1\2", source)
    return singular, source


def main(path):
    tree = ET.parse(path)
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        if translation is None:
            continue
        pair = forms(message.findtext("source", ""))
        if pair is None:
            continue
        for child in list(translation):
            translation.remove(child)
        for text in pair:
            form = ET.SubElement(translation, "numerusform")
            form.text = text
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    # lupdate's own files start with a DOCTYPE; keep that header.
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("<?xml version='1.0' encoding='utf-8'?>",
                        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text if text.endswith("\n") else text + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
