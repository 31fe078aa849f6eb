#!/usr/bin/env python3
"""Validates an exported notebook with Python's nbformat, and prints what it read back.

    check_notebook.py FILE.ipynb

The notebook is read with nbformat.read(..., as_version=4) and checked with
nbformat.validate, as Jupyter does. Both quietly repair some faults (a missing cell id, a
repeated one) with only a warning, so the file as written is also checked against the
schema untouched, and any warning nbformat gives counts as a fault: an export must be
valid as it stands.

The last line printed is JSON a test can assert on: the cells by type, each code cell's
execution_count, output types and MIME types, the kernelspec and language_info names,
and each image/png output's size once base64-decoded and whether it starts with the PNG
signature.

Exit status: 0 valid, 1 invalid (the error printed), 2 bad usage or unreadable file,
77 nbformat is not installed for this python.
"""

import base64
import copy
import json
import sys
import warnings

EXIT_INVALID, EXIT_USAGE, EXIT_NO_NBFORMAT = 1, 2, 77
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def text(value):
    """A multiline string as nbformat stores it: a string, or a list of lines."""
    return "".join(value) if isinstance(value, list) else (value or "")


def faults_as_written(nbformat, raw):
    """What is wrong with the file before nbformat repairs anything."""
    faults = [f"{error.message} (at {'/'.join(map(str, error.absolute_path)) or 'top'})" for error in nbformat.validator.iter_validate(copy.deepcopy(raw))]
    ids = [cell.get("id") for cell in raw.get("cells", []) if isinstance(cell, dict) and "id" in cell]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        faults.append(f"cell ids repeated: {', '.join(map(str, repeated))}")
    return faults


def read_back(notebook):
    """The summary of a valid notebook that the JSON line carries."""
    cells, code_cells, images = {}, [], []
    for cell in notebook.cells:
        cells[cell.cell_type] = cells.get(cell.cell_type, 0) + 1
        if cell.cell_type != "code":
            continue
        mime_types, streams = [], []
        for output in cell.outputs:
            if output.output_type == "stream":
                streams.append(output.name)
            for mime, value in output.get("data", {}).items():
                mime_types.append(mime)
                if mime == "image/png":
                    picture = base64.b64decode(text(value))
                    images.append({"cell": len(code_cells), "bytes": len(picture), "png_signature": picture.startswith(PNG_SIGNATURE)})
        code_cells.append(
            {
                "execution_count": cell.execution_count,
                "source": text(cell.source),
                "output_types": [output.output_type for output in cell.outputs],
                "mime_types": mime_types,
                "stream_names": streams,
            }
        )
    metadata = notebook.metadata
    return {
        "valid": True,
        "nbformat": [notebook.nbformat, notebook.nbformat_minor],
        "cells": cells,
        "code_cells": code_cells,
        "kernelspec": metadata.get("kernelspec", {}).get("name"),
        "language_info": metadata.get("language_info", {}).get("name"),
        "images": images,
    }


def invalid(path, reason):
    print(f"check_notebook: {path}: invalid: {reason}", file=sys.stderr)
    print(json.dumps({"file": path, "valid": False, "error": reason}))
    return EXIT_INVALID


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print("usage: check_notebook.py FILE.ipynb", file=sys.stderr)
        return EXIT_USAGE
    path = sys.argv[1]
    try:
        import nbformat
    except ImportError:
        reason = f"nbformat is not installed for {sys.executable}; `make test-deps` installs it (pip install nbformat)"
        print(f"check_notebook: cannot run: {reason}", file=sys.stderr)
        print(json.dumps({"file": path, "skipped": reason}))
        return EXIT_NO_NBFORMAT
    try:
        with open(path, encoding="utf-8") as file:
            raw = json.load(file)
    except OSError as error:
        print(f"check_notebook: cannot read {path}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return invalid(path, f"not JSON: {error}")
    if not isinstance(raw, dict) or raw.get("nbformat") != 4:
        return invalid(path, f"not an nbformat 4 notebook (nbformat is {raw.get('nbformat') if isinstance(raw, dict) else 'missing'})")
    faults = faults_as_written(nbformat, raw)
    if faults:
        return invalid(path, "; ".join(faults[:3]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            notebook = nbformat.read(path, as_version=4)
            nbformat.validate(notebook)
        except nbformat.ValidationError as error:
            return invalid(path, error.message)
    repairs = [str(warning.message).splitlines()[0] for warning in caught if "nbformat" in (warning.filename or "") or "nbformat" in type(warning.message).__module__]
    if repairs:
        return invalid(path, "nbformat had to repair it: " + "; ".join(repairs[:3]))
    summary = read_back(notebook)
    summary["file"] = path
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(summary["cells"].items()))
    print(f"ok   {path}: valid nbformat {notebook.nbformat}.{notebook.nbformat_minor}, cells: {counts or 'none'}, {len(summary['images'])} images")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
