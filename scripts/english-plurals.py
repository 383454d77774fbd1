#!/usr/bin/env python3
"""Fills the English plural forms of translations/deltadesk_en.ts.

The sources write English plurals as "%n row(s)"; without a catalogue Qt
shows that literally. Each unfinished numerus message gets "%n row" and
"%n rows" (and "%n day ago"/"%n days ago" alike when the source has no
"(s)", such as "%n min ago"). Entries that need a person stay unfinished.
"""
import re
import sys
import xml.etree.ElementTree as ET


def forms(source):
    if "(s)" in source:
        return source.replace("(s)", ""), source.replace("(s)", "s")
    if "(es)" in source:
        return source.replace("(es)", ""), source.replace("(es)", "es")
    if re.search(r"\([a-z]+\)", source):
        return None  # an irregular plural: a person decides
    return source, source


def main(path):
    tree = ET.parse(path)
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        pair = forms(message.findtext("source", ""))
        if pair is None:
            continue
        for child in list(translation):
            translation.remove(child)
        for text in pair:
            form = ET.SubElement(translation, "numerusform")
            form.text = text
        del translation.attrib["type"]
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
