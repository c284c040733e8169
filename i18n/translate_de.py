#!/usr/bin/env python3
"""Fill the German translation file from the dictionary below.

Usage: python3 i18n/translate_de.py [i18n/sar_height_de.ts]

Run after pylupdate5 (``make i18n`` does both, then lrelease). Every <message> whose
source text is in TRANSLATIONS gets that translation (marked finished); messages that
are missing from the dictionary are listed and the script exits with status 1, so a
new user-visible string cannot slip through untranslated. To translate a text
differently in one context, add it to CONTEXT_TRANSLATIONS[(context, source)].

The algorithms' help (dialog help, parameter tooltips, summaries, search words) is not here:
it is translated as whole files, resources/help/de/<algorithm>.html beside the English
resources/help/en/<algorithm>.html (processing_provider/help.py); ``make i18n`` then runs
scripts/build_help.py, which reports a missing or stale German help file.
"""

import os
import sys
import xml.etree.ElementTree as ET

# English source text -> German. Keep placeholders ({version}, %1, ...) and HTML tags.
TRANSLATIONS = {
    # provider, plugin
    "SAR Height": "SAR Height",
    "About SAR Height…": "Über SAR Height…",
    "About SAR Height": "Über SAR Height",
    (
        "<h3>SAR Height {version}</h3>"
        "<p>Height and terrain tools for synthetic aperture radar images, available in the "
        "Processing Toolbox under <i>SAR Height</i>:</p>"
        "<ul><li>layover backscatter reconstruction</li>"
        "<li>single-image height estimation (ASK-UNet)</li>"
        "<li>stereo radargrammetry</li>"
        "<li>point-target absolute height</li></ul>"
        "<p>Licence: GNU GPL version 2 or later.</p>"
    ): (
        "<h3>SAR Height {version}</h3>"
        "<p>Werkzeuge für Höhen und Gelände aus Radarbildern mit synthetischer Apertur "
        "(SAR), verfügbar in der Processing-Werkzeugkiste unter <i>SAR Height</i>:</p>"
        "<ul><li>Rekonstruktion der Rückstreuung in Layover-Gebieten</li>"
        "<li>Höhenschätzung aus einem Einzelbild (ASK-UNet)</li>"
        "<li>Stereo-Radargrammetrie</li>"
        "<li>absolute Höhe von Punktzielen</li></ul>"
        "<p>Lizenz: GNU GPL Version 2 oder später.</p>"
    ),
    # algorithm groups (one per workflow; base.GROUPS)
    "Getting started": "Erste Schritte",
    "Height from one SAR image": "Höhe aus einem SAR-Bild",
    "Point targets (Staring Spotlight)": "Punktziele (Staring Spotlight)",
    "Validation": "Validierung",
    "Stereo radargrammetry": "Stereo-Radargrammetrie",
    # shared parameter helpers (processing_provider/common.py)
    "DEM vertical datum": "Vertikales Datum des DHM",
    "From file (SRTM convention EGM96 when unstated)":
        "Aus der Datei (ohne Angabe: SRTM-Konvention EGM96)",
    "EGM96 geoid": "EGM96-Geoid",
    "WGS84 ellipsoid": "WGS84-Ellipsoid",
    "EGM2008 geoid (needs PROJ grid)": "EGM2008-Geoid (benötigt PROJ-Gitter)",
    "The Python module '{0}' is missing. Install it (Debian/Ubuntu: sudo apt install {1}; "
    "elsewhere: python -m pip install {2}) and restart QGIS.":
        "Das Python-Modul '{0}' fehlt. Installieren Sie es (Debian/Ubuntu: sudo apt install "
        "{1}; sonst: python -m pip install {2}) und starten Sie QGIS neu.",
    "The Python module '{0}' is missing. Install it into the Python that QGIS uses "
    "(Debian/Ubuntu: python3 -m pip install --user {0}; Windows: run 'python -m pip install "
    "{0}' in the OSGeo4W shell) and restart QGIS.":
        "Das Python-Modul '{0}' fehlt. Installieren Sie es in das Python, das QGIS verwendet "
        "(Debian/Ubuntu: python3 -m pip install --user {0}; Windows: 'python -m pip install "
        "{0}' in der OSGeo4W-Shell ausführen) und starten Sie QGIS neu.",
    "Output {0}: only GeoTIFF (.tif) is supported, not '{1}'. Change the file name to end in "
    ".tif.":
        "Ausgabe {0}: nur GeoTIFF (.tif) wird unterstützt, nicht '{1}'. Ändern Sie die "
        "Dateiendung auf .tif.",
    "Swath {0} covers the DEM centre; using it.":
        "Subswath {0} deckt die Mitte des DHM ab und wird verwendet.",
    "None of the swaths {0} covers the DEM centre ({1:.4f}E, {2:.4f}N): give a DEM inside the "
    "acquisition footprint.":
        "Keiner der Subswaths {0} deckt die Mitte des DHM ({1:.4f}E, {2:.4f}N) ab: geben Sie ein "
        "DHM innerhalb des Aufnahmebereichs an.",
    "The DEM could not be loaded as a raster layer.":
        "Das DHM konnte nicht als Rasterlayer geladen werden.",
    "No SAR product or geometry file given.":
        "Weder SAR-Produkt noch Geometriedatei angegeben.",
    "DEM: {0} x {1} cells; {2}.": "DHM: {0} x {1} Zellen; {2}.",
    "Geometry: {0} {1} {2} {3}, {4} lines x {5} samples, {6}-looking.":
        "Geometrie: {0} {1} {2} {3}, {4} Zeilen x {5} Spalten, Blickrichtung {6}.",
    "The {0} file {1} does not exist.": "Die {0}-Datei {1} existiert nicht.",
    # Sentinel-1 orbit files (ORBIT_FILE, common.orbit_file_parameter)
    "Sentinel-1 orbit file (.EOF, POEORB or RESORB; empty = an EOF next to the SAFE, else the "
    "annotation's orbit)":
        "Sentinel-1-Bahndatei (.EOF, POEORB oder RESORB; leer = eine EOF neben dem SAFE, sonst "
        "die Bahn der Annotation)",
    "Sentinel-1 orbit files (*.EOF *.eof);;All files (*)":
        "Sentinel-1-Bahndateien (*.EOF *.eof);;Alle Dateien (*)",
    "Reference orbit file (Sentinel-1 .EOF; empty = an EOF next to the SAFE, else the "
    "annotation's orbit)":
        "Bahndatei der Referenz (Sentinel-1 .EOF; leer = eine EOF neben dem SAFE, sonst die Bahn "
        "der Annotation)",
    "Secondary orbit file (Sentinel-1 .EOF; empty = an EOF next to the SAFE, else the "
    "annotation's orbit)":
        "Bahndatei des Sekundärbilds (Sentinel-1 .EOF; leer = eine EOF neben dem SAFE, sonst die "
        "Bahn der Annotation)",
    # simulate_sar
    "Simulate SAR image": "SAR-Bild simulieren",
    "DEM (heights in metres)": "DHM (Höhen in Metern)",
    "SAR product or geometry file": "SAR-Produkt oder Geometriedatei",
    "SAR products (*.safe *.SAFE *.zip *.xml *.json);;All files (*)":
        "SAR-Produkte (*.safe *.SAFE *.zip *.xml *.json);;Alle Dateien (*)",
    "Swath (multi-swath products, e.g. IW2; empty = the one covering the DEM)":
        "Subswath (Produkte mit mehreren Streifen, z. B. IW2; leer = der Streifen, der das DHM "
        "abdeckt)",
    "Polarisation (e.g. VV; empty = co-polarisation)":
        "Polarisation (z. B. VV; leer = Kopolarisation)",
    "Speckle looks (0 = noise-free)": "Speckle-Looks (0 = rauschfrei)",
    "Random seed (speckle and texture)": "Zufallsstartwert (Speckle und Textur)",
    "Backscatter law": "Rückstreugesetz",
    "Muhleman (natural terrain)": "Muhleman (natürliches Gelände)",
    "Cosine squared": "Kosinus zum Quadrat",
    "Reflectivity texture (std of log-normal field, 0 = none)":
        "Reflektivitätstextur (Standardabweichung des log-normalen Felds, 0 = keine)",
    "Block size (DEM rows per block)": "Blockgröße (DHM-Zeilen pro Block)",
    "Parallel workers (threads)": "Parallele Worker (Threads)",
    "Blocks computed by {0} parallel worker thread(s).":
        "Blöcke berechnet von {0} parallelen Worker-Threads.",
    "Dask scheduler (e.g. tcp://host:8786; empty = this machine)":
        "Dask-Scheduler (z. B. tcp://host:8786; leer = dieser Rechner)",
    "Blocks computed on the Dask cluster at {0} by {1} worker thread(s).":
        "Blöcke berechnet auf dem Dask-Cluster unter {0} von {1} Worker-Threads.",
    "Simulated backscatter (radar geometry)": "Simulierte Rückstreuung (Radargeometrie)",
    "Layover/shadow mask": "Layover-/Schattenmaske",
    "Radar lookup (line, sample)": "Radar-Lookup-Tabelle (Zeile, Spalte)",
    "Local incidence angle (degrees)": "Lokaler Einfallswinkel (Grad)",
    "No output selected: choose at least one.":
        "Keine Ausgabe gewählt: wählen Sie mindestens eine.",
    "Cancelled: no output written.": "Abgebrochen: keine Ausgabe geschrieben.",
    # sentinel1_backscatter (and the product's own image of reconstruct_layover / stereo)
    "Sentinel-1 calibrated backscatter": "Kalibrierte Sentinel-1-Rückstreuung",
    "Sentinel-1 product (.SAFE folder or its manifest.safe, .zip)":
        "Sentinel-1-Produkt (.SAFE-Ordner oder seine manifest.safe, .zip)",
    "Swath (e.g. IW2; needed for products with several swaths)":
        "Subswath (z. B. IW2; nötig bei Produkten mit mehreren Subswaths)",
    "Swath (e.g. IW2, or ALL for all swaths merged; needed for products with several swaths)":
        "Subswath (z. B. IW2, oder ALL für alle Subswaths zusammengefügt; nötig bei Produkten "
        "mit mehreren Subswaths)",
    "Swath {0}: {1} holds one raster ({2} {3}; ESA merges the swaths of GRD products already): "
    "writing that raster.":
        "Subswath {0}: {1} enthält ein einziges Raster ({2} {3}; bei GRD-Produkten fügt ESA die "
        "Subswaths bereits zusammen): Dieses Raster wird geschrieben.",
    "Swaths {0} ({1}) merged onto one grid: lines every {2:.6f} s from {3} UTC, samples every "
    "{4:.3f} m of slant range from two-way time {5:.9f} s; seams (middle of the swaths' "
    "overlap) at output samples {6}.":
        "Subswaths {0} ({1}) auf ein Gitter zusammengefügt: Zeilen alle {2:.6f} s ab {3} UTC, "
        "Spalten alle {4:.3f} m Schrägentfernung ab der Zweiwege-Laufzeit {5:.9f} s; Nähte "
        "(Mitte der Überlappung der Subswaths) bei den Ausgabespalten {6}.",
    "Quantity": "Größe",
    "Sigma nought (σ⁰)": "Sigma Null (σ⁰)",
    "Beta nought (β⁰)": "Beta Null (β⁰)",
    "Gamma (γ⁰)": "Gamma (γ⁰)",
    "Uncalibrated power |DN|² (no calibration annotation needed)":
        "Unkalibrierte Leistung |DN|² (ohne Kalibrierannotation)",
    "Remove thermal noise": "Thermisches Rauschen entfernen",
    "Ground pixel of the output (m; sets the looks)":
        "Bodenpixel der Ausgabe (m; bestimmt die Looks)",
    "Write decibels (dB; else linear power)":
        "Dezibel schreiben (dB; sonst lineare Leistung)",
    "Calibrated backscatter (radar geometry)": "Kalibrierte Rückstreuung (Radargeometrie)",
    "No Sentinel-1 product given.": "Kein Sentinel-1-Produkt angegeben.",
    "Uncalibrated power: the thermal noise is not removed (that needs the calibration).":
        "Unkalibrierte Leistung: Das thermische Rauschen wird nicht entfernt (dazu braucht es "
        "die Kalibrierung).",
    "{0} is not a Sentinel-1 product: give its .SAFE folder, its manifest.safe or the zip as "
    "downloaded.":
        "{0} ist kein Sentinel-1-Produkt: Geben Sie seinen .SAFE-Ordner, seine manifest.safe "
        "oder die ZIP-Datei an, wie heruntergeladen.",
    "Product: {0} {1} {2} {3}, {4} lines x {5} samples.":
        "Produkt: {0} {1} {2} {3}, {4} Zeilen x {5} Spalten.",
    "Output: {0} lines x {1} samples, {2} x {3} looks (azimuth x range).":
        "Ausgabe: {0} Zeilen x {1} Spalten, {2} x {3} Looks (Azimut x Entfernung).",
    "No SAR image is given in {0}, and the product {1} holds no measurement raster "
    "measurement/{2} of {3}/{4} to read instead. Give the SAR image or a complete SAFE with "
    "measurement/*.tiff (the .SAFE folder, its manifest.safe or the zip as downloaded).":
        "In {0} ist kein SAR-Bild angegeben, und das Produkt {1} enthält kein Messraster "
        "measurement/{2} von {3}/{4}, das stattdessen gelesen werden könnte. Geben Sie das "
        "SAR-Bild oder ein vollständiges SAFE mit measurement/*.tiff an (den .SAFE-Ordner, "
        "seine manifest.safe oder die ZIP-Datei, wie heruntergeladen).",
    "No SAR image is given in {0}, and the product {1} lacks the calibration annotation "
    "annotation/calibration/calibration-{2} that turns its measurement into sigma0. Give the "
    "complete SAFE as downloaded (with annotation/calibration/), or give the SAR image, "
    "calibrated elsewhere.":
        "In {0} ist kein SAR-Bild angegeben, und dem Produkt {1} fehlt die Kalibrierannotation "
        "annotation/calibration/calibration-{2}, die seine Messung zu Sigma Null macht. Geben "
        "Sie das vollständige SAFE an, wie heruntergeladen (mit annotation/calibration/), oder "
        "das anderswo kalibrierte SAR-Bild.",
    "No SAR image is given in {0}, and {1} is not a Sentinel-1 SAFE whose measurement could "
    "be read instead. Give the SAR image or a complete SAFE with measurement/*.tiff.":
        "In {0} ist kein SAR-Bild angegeben, und {1} ist kein Sentinel-1-SAFE, dessen Messung "
        "stattdessen gelesen werden könnte. Geben Sie das SAR-Bild oder ein vollständiges SAFE "
        "mit measurement/*.tiff an.",
    "No SAR image is given in {0}, and no product either: give the SAR image and its product, "
    "or a complete Sentinel-1 SAFE with measurement/*.tiff.":
        "In {0} ist kein SAR-Bild angegeben und auch kein Produkt: Geben Sie das SAR-Bild und "
        "sein Produkt an oder ein vollständiges Sentinel-1-SAFE mit measurement/*.tiff.",
    "Cannot write the temporary image {0} ({1}): free disk space there or choose another "
    "temporary folder in the Processing settings.":
        "Das temporäre Bild {0} kann nicht geschrieben werden ({1}): Schaffen Sie dort Platz "
        "oder wählen Sie in den Processing-Einstellungen einen anderen temporären Ordner.",
    "{0} has no noise annotation for {1}/{2}: its sigma0 keeps the thermal noise (dark areas "
    "come out brighter). The complete SAFE as downloaded has it.":
        "{0} hat keine Rauschannotation für {1}/{2}: Sein Sigma Null behält das thermische "
        "Rauschen (dunkle Flächen erscheinen heller). Das vollständige SAFE, wie "
        "heruntergeladen, enthält sie.",
    "{0}SAR image: the product's own measurement {1}, calibrated to sigma0 ({2}noise "
    "removed), {3} lines x {4} samples, in {5:.1f} s.":
        "{0}SAR-Bild: die eigene Messung des Produkts {1}, kalibriert zu Sigma Null "
        "({2}Rauschen entfernt), {3} Zeilen x {4} Spalten, in {5:.1f} s.",
    "SAR image (radar geometry of the product; empty = the product's own measurement, "
    "calibrated)":
        "SAR-Bild (Radargeometrie des Produkts; leer = die eigene Messung des Produkts, "
        "kalibriert)",
    "The SAR image {0} is used; the measurement in the product {1} is not read.":
        "Das SAR-Bild {0} wird verwendet; die Messung im Produkt {1} wird nicht gelesen.",
    "Reference SAR image (radar geometry; empty = the product's own measurement, calibrated)":
        "Referenz-SAR-Bild (Radargeometrie; leer = die eigene Messung des Produkts, "
        "kalibriert)",
    "Secondary SAR image (radar geometry; empty = the product's own measurement, calibrated)":
        "Sekundäres SAR-Bild (Radargeometrie; leer = die eigene Messung des Produkts, "
        "kalibriert)",
    "{0}: the image {1} is used; the measurement in the product {2} is not read.":
        "{0}: Das Bild {1} wird verwendet; die Messung im Produkt {2} wird nicht gelesen.",
    "{0}: the product {1} has several swaths ({2}) and no image is given to tell which one to "
    "read: give a DEM (the swath covering its centre is read) or the image of one swath.":
        "{0}: Das Produkt {1} hat mehrere Subswaths ({2}), und kein Bild ist angegeben, das "
        "sagt, welcher zu lesen ist: Geben Sie ein DHM an (gelesen wird der Subswath, der seine "
        "Mitte abdeckt) oder das Bild eines Subswaths.",
    # reconstruct_layover
    "Reconstruct layover backscatter": "Layover-Rückstreuung rekonstruieren",
    "SAR image (radar geometry of the product)": "SAR-Bild (Radargeometrie des Produkts)",
    "SAR band": "SAR-Band",
    "SAR image values": "Werte des SAR-Bilds",
    "Intensity (power, linear)": "Intensität (Leistung, linear)",
    "Amplitude (squared here)": "Amplitude (wird hier quadriert)",
    "Decibels (dB)": "Dezibel (dB)",
    "Coarse DEM driving the simulation (heights in metres)":
        "Grobes DHM für die Simulation (Höhen in Metern)",
    "Output units": "Einheiten der Ausgabe",
    "Linear (flat-equivalent intensity)": "Linear (flachäquivalente Intensität)",
    "Reconstructed backscatter": "Rekonstruierte Rückstreuung",
    "Terrain-geocoded backscatter (for comparison)":
        "Geländegeokodierte Rückstreuung (zum Vergleich)",
    "Mixing count (DEM cells sharing the radar pixel)":
        "Mischungsanzahl (DHM-Zellen, die sich das Radarpixel teilen)",
    "The SAR image could not be loaded as a raster layer.":
        "Das SAR-Bild konnte nicht als Rasterlayer geladen werden.",
    # compare_dem
    "Compare DEM with reference": "DHM mit Referenz vergleichen",
    "all": "alle",
    "clear": "frei",
    "layover": "Layover",
    "shadow": "Schatten",
    "layover+shadow": "Layover+Schatten",
    "class {0}": "Klasse {0}",
    "DEM to evaluate (estimate, heights in metres)":
        "Zu bewertendes DHM (Schätzung, Höhen in Metern)",
    "Reference DEM (heights in metres)": "Referenz-DHM (Höhen in Metern)",
    "Reference DEM vertical datum": "Vertikales Datum des Referenz-DHM",
    "Class mask (e.g. layover/shadow mask of Simulate SAR image)":
        "Klassenmaske (z. B. Layover-/Schattenmaske von SAR-Bild simulieren)",
    "Block size (reference rows per strip)": "Blockgröße (Referenzzeilen pro Streifen)",
    "Error (estimate − reference, m)": "Fehler (Schätzung − Referenz, m)",
    "Evaluation report": "Bewertungsbericht",
    "HTML files (*.html *.htm)": "HTML-Dateien (*.html *.htm)",
    "Bias (mean error, m)": "Bias (mittlerer Fehler, m)",
    "RMSE (m)": "RMSE (m)",
    "MAE (mean absolute error, m)": "MAE (mittlerer absoluter Fehler, m)",
    "NMAD (m)": "NMAD (m)",
    "Within ±1 m (%)": "Innerhalb ±1 m (%)",
    "Within ±2 m (%)": "Innerhalb ±2 m (%)",
    "Within ±5 m (%)": "Innerhalb ±5 m (%)",
    "Within ±10 m (%)": "Innerhalb ±10 m (%)",
    "Within ±20 m (%)": "Innerhalb ±20 m (%)",
    "Coverage (% of reference cells with an estimate)":
        "Abdeckung (% der Referenzzellen mit Schätzung)",
    "Output {0}: the report is HTML; give a file name ending in .html, not '{1}'.":
        "Ausgabe {0}: der Bericht ist HTML; geben Sie einen Dateinamen mit der Endung .html "
        "an, nicht '{1}'.",
    "{0} could not be loaded as a raster layer.":
        "{0} konnte nicht als Rasterlayer geladen werden.",
    "class": "Klasse",
    "cells": "Zellen",
    "cover %": "Abdeck. %",
    "bias m": "Bias m",
    "RMSE m": "RMSE m",
    "MAE m": "MAE m",
    "NMAD m": "NMAD m",
    "Estimate: {0}.": "Schätzung: {0}.",
    "Reference: {0}.": "Referenz: {0}.",
    "Mask: {0}.": "Maske: {0}.",
    "Cannot write the report {0}: {1}": "Der Bericht {0} kann nicht geschrieben werden: {1}",
    # estimate_height
    "Estimate height (ASK-UNet)": "Höhe schätzen (ASK-UNet)",
    "SAR backscatter in map geometry (e.g. reconstructed)":
        "SAR-Rückstreuung in Kartengeometrie (z. B. rekonstruiert)",
    "Prior height points": "Punkte mit A-priori-Höhen",
    "Height field of the prior points (empty = Z values)":
        "Höhenfeld der A-priori-Punkte (leer = Z-Werte)",
    "Prior DEM (sampled every prior spacing)":
        "A-priori-DHM (abgetastet im A-priori-Abstand)",
    "Prior spacing on the prior DEM (metres; 0 = every DEM cell)":
        "A-priori-Abstand auf dem A-priori-DHM (Meter; 0 = jede DHM-Zelle)",
    "Height model (ONNX; empty = bundled model)":
        "Höhenmodell (ONNX; leer = mitgeliefertes Modell)",
    "Estimated heights": "Geschätzte Höhen",
    "Tile size in pixels (multiple of 16; 0 = the model's)":
        "Kachelgröße in Pixeln (Vielfaches von 16; 0 = die des Modells)",
    "Tile overlap in pixels (-1 = the model's)":
        "Kachelüberlappung in Pixeln (-1 = die des Modells)",
    "Tiles per batch": "Kacheln pro Stapel",
    "onnxruntime threads (0 = all cores)": "onnxruntime-Threads (0 = alle Kerne)",
    "No height model: the bundled model {0} is missing (the plugin installation is "
    "incomplete). Reinstall the plugin, or give an ONNX height model in {1}.":
        "Kein Höhenmodell: das mitgelieferte Modell {0} fehlt (die Installation des Plugins "
        "ist unvollständig). Installieren Sie das Plugin neu oder geben Sie unter {1} ein "
        "ONNX-Höhenmodell an.",
    "Radar look direction across the image": "Blickrichtung des Radars quer über das Bild",
    "From the image metadata (Reconstruct layover backscatter writes it)":
        "Aus den Bild-Metadaten (Layover-Rückstreuung rekonstruieren schreibt sie)",
    "East (e.g. ascending pass, right-looking)":
        "Osten (z. B. aufsteigender Überflug, rechtsblickend)",
    "West (e.g. descending pass, right-looking)":
        "Westen (z. B. absteigender Überflug, rechtsblickend)",
    "Look direction: {0} (as chosen).": "Blickrichtung: {0} (wie gewählt).",
    "The model takes images of either look direction.":
        "Das Modell nimmt Bilder beider Blickrichtungen.",
    "The SAR image does not say which way the radar looked (no SAR_LOOK_DIRECTION metadata; "
    "Reconstruct layover backscatter writes it). Choose East or West in LOOK_DIRECTION.":
        "Das SAR-Bild gibt nicht an, wohin das Radar blickte (keine Metadaten "
        "SAR_LOOK_DIRECTION; Layover-Rückstreuung rekonstruieren schreibt sie). Wählen Sie "
        "unter LOOK_DIRECTION Osten oder Westen.",
    "Look direction: {0} (from the image metadata, line of sight azimuth {1}°).":
        "Blickrichtung: {0} (aus den Bild-Metadaten, Azimut der Sichtlinie {1}°).",
    "Warning: the radar looked at azimuth {0:.0f}°, far from east or west; the model was "
    "trained on near-polar orbits (looking within about 15° of east or west) and may do "
    "poorly.":
        "Warnung: Das Radar blickte in Azimut {0:.0f}°, weit von Osten oder Westen; das "
        "Modell wurde mit nahezu polaren Umlaufbahnen trainiert (Blick innerhalb von etwa "
        "15° um Osten oder Westen) und kann schlecht abschneiden.",
    "SAR median {0:.1f} dB (the model was trained on {1:.1f} ± {2:.1f} dB).":
        "SAR-Median {0:.1f} dB (das Modell wurde mit {1:.1f} ± {2:.1f} dB trainiert).",
    "Warning: the SAR image's median is {0:.1f} dB, far from the {1:.1f} ± {2:.1f} dB of the "
    "model's training data (sigma0-calibrated backscatter). Check SAR image values "
    "(intensity, amplitude or dB) and the calibration: a radar cross-section per pixel (m², "
    "what Simulate SAR image writes) must first be divided by the ground area of one radar pixel "
    "(m²).":
        "Warnung: Der Median des SAR-Bildes ist {0:.1f} dB, weit von den {1:.1f} ± {2:.1f} "
        "dB der Trainingsdaten des Modells (sigma0-kalibrierte Rückstreuung). Prüfen Sie "
        "die Werte des SAR-Bildes (Intensität, Amplitude oder dB) und die Kalibrierung: ein "
        "Radarrückstreuquerschnitt pro Pixel (m², wie „SAR-Bild simulieren“ ihn schreibt) muss "
        "zuerst durch die Bodenfläche eines Radarpixels (m²) geteilt werden.",
    "Warning: the priors cover {0:.2f} % of the pixels, more than the model was trained with "
    "(at most {1:g} %); kept the one nearest the centre of every {2} x {2} pixel square: {3} "
    "of {4} priors. Increase PRIOR_SPACING to avoid this.":
        "Warnung: Die A-priori-Höhen bedecken {0:.2f} % der Pixel, mehr als das Modell im "
        "Training sah (höchstens {1:g} %); behalten wurde je Quadrat von {2} x {2} Pixeln die "
        "der Mitte nächste: {3} von {4} A-priori-Höhen. Vergrößern Sie PRIOR_SPACING, um das "
        "zu vermeiden.",
    "The image was mirrored left-right for the model (trained on the other look direction) "
    "and the heights mirrored back.":
        "Das Bild wurde für das Modell links-rechts gespiegelt (es wurde mit der anderen "
        "Blickrichtung trainiert) und die Höhen zurückgespiegelt.",
    "No prior heights given: choose {0} and/or {1}.":
        "Keine A-priori-Höhen angegeben: wählen Sie {0} und/oder {1}.",
    "Prior DEM vertical datum": "Vertikales Datum des A-priori-DHM",
    "The tile size must be a multiple of {0} pixels (or 0 for the model's), not {1}.":
        "Die Kachelgröße muss ein Vielfaches von {0} Pixeln sein (oder 0 für die des "
        "Modells), nicht {1}.",
    "SAR image: {0} x {1} pixels, pixel spacing {2:.1f} m (rows) x {3:.1f} m (columns).":
        "SAR-Bild: {0} x {1} Pixel, Pixelabstand {2:.1f} m (Zeilen) x {3:.1f} m (Spalten).",
    "{0} cannot be used: {1}": "{0} kann nicht verwendet werden: {1}",
    "Height model: {0}": "Höhenmodell: {0}",
    "height model": "Höhenmodell",
    "Warning: the SAR pixel spacing ({0:.1f} x {1:.1f} m) lies outside the range the model "
    "was trained for ({2:g} to {3:g} m, trained at {4:g} m); the heights may be poor. "
    "Resample the SAR image closer to the trained spacing.":
        "Warnung: der Pixelabstand des SAR-Bildes ({0:.1f} x {1:.1f} m) liegt außerhalb des "
        "Bereichs, für den das Modell trainiert wurde ({2:g} bis {3:g} m, trainiert bei "
        "{4:g} m); die Höhen können schlecht sein. Tasten Sie das SAR-Bild näher am "
        "trainierten Abstand neu ab.",
    "The prior points have no field '{0}'.": "Die A-priori-Punkte haben kein Feld '{0}'.",
    "The prior points have no Z values: choose the field holding their heights "
    "(PRIOR_FIELD).":
        "Die A-priori-Punkte haben keine Z-Werte: wählen Sie das Feld mit ihren Höhen "
        "(PRIOR_FIELD).",
    "Prior points: {0} of {1} inside the SAR image, taken in their own height system.":
        "A-priori-Punkte: {0} von {1} im SAR-Bild, in ihrem eigenen Höhensystem übernommen.",
    "Prior DEM: {0} priors every {1:g} m, converted to ellipsoidal heights; {2}.":
        "A-priori-DHM: {0} A-priori-Höhen alle {1:g} m, in ellipsoidische Höhen umgerechnet; "
        "{2}.",
    "No prior height lies inside the SAR image: the prior points fall outside it and/or the "
    "prior DEM does not cover it (or has no data there).":
        "Keine A-priori-Höhe liegt im SAR-Bild: die A-priori-Punkte liegen außerhalb und/oder "
        "das A-priori-DHM deckt es nicht ab (oder hat dort keine Daten).",
    "{0} prior pixels in all.": "{0} A-priori-Pixel insgesamt.",
    "{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to {6:.1f} m.":
        "{0} Kacheln zu {1} x {2} Pixeln, Überlappung {3}; {4} Höhen von {5:.1f} m bis "
        "{6:.1f} m.",
    # stereo_radargrammetry (and its helpers in common.py)
    "{0}: no SAR product or geometry file given.":
        "{0}: kein SAR-Produkt und keine Geometriedatei angegeben.",
    "{0}: the raster has {1} lines x {2} samples, but none of the swaths of {3} has that size "
    "({4}): give the measurement raster of one swath of this product, in its radar geometry.":
        "{0}: das Raster hat {1} Zeilen x {2} Spalten, aber keiner der Subswaths von {3} hat "
        "diese Größe ({4}): geben Sie das Messraster eines Subswaths dieses Produkts in seiner "
        "Radargeometrie an.",
    "{0}: swath {1} has the raster's size; using it.":
        "{0}: Subswath {1} hat die Größe des Rasters und wird verwendet.",
    "{0} geometry: {1} {2} {3} {4}, {5} lines x {6} samples, {7}-looking.":
        "Geometrie ({0}): {1} {2} {3} {4}, {5} Zeilen x {6} Spalten, Blickrichtung {7}.",
    "Reference SAR image (radar geometry)": "Referenz-SAR-Bild (Radargeometrie)",
    "Reference band": "Band des Referenzbilds",
    "Reference SAR product or geometry file": "Referenz-SAR-Produkt oder Geometriedatei",
    "Secondary SAR image (radar geometry)": "Sekundäres SAR-Bild (Radargeometrie)",
    "Secondary band": "Band des Sekundärbilds",
    "Secondary SAR product or geometry file": "Sekundäres SAR-Produkt oder Geometriedatei",
    "Coarse DEM predicting the patches (heights in metres)":
        "Grobes DHM zur Vorhersage der Kacheln (Höhen in Metern)",
    "Coarse DEM vertical datum": "Vertikales Datum des groben DHM",
    "Constant terrain height without DEM (m above the WGS84 ellipsoid)":
        "Konstante Geländehöhe ohne DHM (m über dem WGS84-Ellipsoid)",
    "Matcher": "Matcher",
    "Phase-only correlation": "Phasenkorrelation",
    "Deep matcher model (ONNX; empty = the bundled model)":
        "Modell des tiefen Matchers (ONNX; leer = mitgeliefertes Modell)",
    "ONNX models (*.onnx);;All files (*)": "ONNX-Modelle (*.onnx);;Alle Dateien (*)",
    "Output pixel size in metres (0 = automatic)":
        "Ausgabe-Pixelgröße in Metern (0 = automatisch)",
    "Output CRS (projected, metres; empty = the DEM's or the local UTM zone)":
        "Ausgabe-KBS (projiziert, Meter; leer = das des DHM oder die lokale UTM-Zone)",
    "Minimum match confidence, 0-1 (empty = the matcher's)":
        "Mindestkonfidenz der Zuordnungen, 0-1 (leer = die des Matchers)",
    "Heights (m above the WGS84 ellipsoid)": "Höhen (m über dem WGS84-Ellipsoid)",
    "Mean match confidence": "Mittlere Konfidenz der Zuordnungen",
    "3-D points per cell": "3-D-Punkte je Zelle",
    "3-D points": "3-D-Punkte",
    "Coverage (% of the cells both images see)":
        "Abdeckung (% der Zellen, die beide Bilder sehen)",
    "Mean intersection angle (degrees)": "Mittlerer Schnittwinkel (Grad)",
    "Residual RMS of the intersection (m)": "RMS des Residuums des Vorwärtsschnitts (m)",
    "Height precision per pixel of parallax error (m, flat earth)":
        "Höhengenauigkeit je Pixel Parallaxenfehler (m, ebene Erde)",
    "The deep matcher needs a model, but none is given ({1} is empty) and the plugin ships "
    "none ({0} does not exist). Choose Phase-only correlation as {2}, or give an ONNX matcher "
    "model in {1}.":
        "Der tiefe Matcher braucht ein Modell, aber keines ist angegeben ({1} ist leer) und "
        "das Plugin enthält keines ({0} existiert nicht). Wählen Sie Phasenkorrelation als {2} "
        "oder geben Sie unter {1} ein ONNX-Matcher-Modell an.",
    "Deep dense matcher (ONNX, needs onnxruntime)":
        "Tiefer dichter Matcher (ONNX, benötigt onnxruntime)",
    "Automatic: deep matcher, phase-only correlation without onnxruntime":
        "Automatisch: tiefer Matcher, ohne onnxruntime Phasenkorrelation",
    "Phase-only correlation is used instead of the deep matcher, which needs the Python module "
    "onnxruntime (not installed). Phase-only correlation finds fewer matches (a coarser, less "
    "complete DEM; see the help). To use the deep matcher: {0} To keep phase-only correlation "
    "without this warning, choose it as {1}.":
        "Statt des tiefen Matchers wird die Phasenkorrelation verwendet, denn der tiefe Matcher "
        "braucht das Python-Modul onnxruntime (nicht installiert). Die Phasenkorrelation findet "
        "weniger Zuordnungen (ein gröberes, lückenhafteres DHM; siehe die Hilfe). Für den tiefen "
        "Matcher: {0} Um ohne diese Warnung bei der Phasenkorrelation zu bleiben, wählen Sie sie "
        "als {1}.",
    "matcher model": "Matcher-Modell",
    "Patch size in pixels, a multiple of 16 (0 = the matcher's: the deep model's trained "
    "size, 256 for POC)":
        "Kachelgröße in Pixeln, ein Vielfaches von 16 (0 = die des Matchers: die "
        "Trainingsgröße des tiefen Modells, 256 für die Phasenkorrelation)",
    "The patch size must be a multiple of {0} pixels of at least 64, not {1} (or 0 for the "
    "matcher's own).":
        "Die Kachelgröße muss ein Vielfaches von {0} Pixeln und mindestens 64 sein, nicht {1} "
        "(oder 0 für die des Matchers).",
    "The model was trained on patches of {0} pixels and loses most matches on patches of "
    "another size (measured: 192 instead of 128 pixels covered 30 % of the ground instead of "
    "94 %); set PATCH_SIZE to 0 to use {0}.":
        "Das Modell wurde mit Kacheln von {0} Pixeln trainiert und verliert bei Kacheln "
        "anderer Größe die meisten Zuordnungen (gemessen: 192 statt 128 Pixel deckten 30 % "
        "des Geländes ab statt 94 %); setzen Sie PATCH_SIZE auf 0, um {0} zu verwenden.",
    "The output CRS {0} is not a projected CRS in metres: choose one (e.g. the UTM zone of the "
    "area), or leave {1} empty.":
        "Das Ausgabe-KBS {0} ist kein projiziertes KBS in Metern: wählen Sie eines (z. B. die "
        "UTM-Zone des Gebiets) oder lassen Sie {1} leer.",
    "The image {0} could not be loaded as a raster layer.":
        "Das Bild {0} konnte nicht als Rasterlayer geladen werden.",
    "No DEM: the patches are predicted at a constant height of {0:g} m above the WGS84 "
    "ellipsoid.":
        "Kein DHM: Die Kacheln werden mit einer konstanten Höhe von {0:g} m über dem "
        "WGS84-Ellipsoid vorhergesagt.",
    "Matcher: phase-only correlation ({0}-pixel windows every {1} pixels, left-right check, "
    "minimum confidence {2:.2f}).":
        "Matcher: Phasenkorrelation (Fenster von {0} Pixeln alle {1} Pixel, "
        "Links-Rechts-Prüfung, Mindestkonfidenz {2:.2f}).",
    "Matcher: deep dense matcher {0}; minimum certainty {1:.2f}.":
        "Matcher: tiefer dichter Matcher {0}; Mindestsicherheit {1:.2f}.",
    "Reference": "Referenzbild",
    "Secondary": "Sekundärbild",
    "Patches of {0} x {0} pixels.": "Kacheln von {0} x {0} Pixeln.",
    # point_target_height
    "Point-target absolute height (Staring Spotlight)":
        "Absolute Höhe von Punktzielen (Staring Spotlight)",
    "Complex SLC (TerraSAR-X product folder or level1Product XML, or complex GeoTIFF)":
        "Komplexes SLC (TerraSAR-X-Produktordner oder level1Product-XML, oder komplexes "
        "GeoTIFF)",
    "SLC products (*.xml *.XML *.tif *.tiff);;All files (*)":
        "SLC-Produkte (*.xml *.XML *.tif *.tiff);;Alle Dateien (*)",
    "Geometry JSON (for a GeoTIFF; empty = the .json of the same name)":
        "Geometrie-JSON (für ein GeoTIFF; leer = die gleichnamige .json)",
    "Geometry JSON (*.json)": "Geometrie-JSON (*.json)",
    "Number of azimuth sub-bands": "Anzahl der Azimut-Teilbänder",
    "Minimum signal-to-clutter ratio (dB)": "Mindest-Signal-Clutter-Verhältnis (dB)",
    "SCR tolerance across sub-bands (± dB)": "SCR-Toleranz über die Teilbänder (± dB)",
    "Lowest height to search (m, empty = -500)": "Niedrigste gesuchte Höhe (m, leer = -500)",
    "Highest height to search (m, empty = 9000)": "Höchste gesuchte Höhe (m, leer = 9000)",
    "Height assumed in focusing (m; empty = from the metadata)":
        "Bei der Fokussierung angenommene Höhe (m; leer = aus den Metadaten)",
    "Tropospheric zenith delay to add (m)":
        "Hinzuzufügende troposphärische Zenitverzögerung (m)",
    "Area to search (empty = the whole image)": "Suchgebiet (leer = das ganze Bild)",
    "Refuse heights whose expected error exceeds (m)":
        "Höhen verwerfen, deren erwarteter Fehler größer ist als (m)",
    "Most targets to measure (strongest first)":
        "Höchstzahl zu messender Ziele (die stärksten zuerst)",
    "Point-target heights": "Höhen der Punktziele",
    "Targets with a height": "Ziele mit Höhe",
    "Targets without a height": "Ziele ohne Höhe",
    "Candidates above the SCR threshold": "Kandidaten über der SCR-Schwelle",
    "Expected height error at the SCR threshold (m)":
        "Erwarteter Höhenfehler an der SCR-Schwelle (m)",
    "{0} ({1:g} m) must be below {2} ({3:g} m).":
        "{0} ({1:g} m) muss unter {2} ({3:g} m) liegen.",
    "SLC {0}: {1} lines x {2} samples, {3} {4}, imaging mode {5}, processed azimuth bandwidth "
    "{6} Hz, reference height {7}.":
        "SLC {0}: {1} Zeilen x {2} Spalten, {3} {4}, Aufnahmemodus {5}, prozessierte "
        "Azimutbandbreite {6} Hz, Referenzhöhe {7}.",
    "{0} does not overlap the SLC: choose an extent inside the image's footprint, or leave it "
    "empty.":
        "{0} überlappt das SLC nicht: wählen Sie eine Ausdehnung innerhalb des "
        "Aufnahmebereichs des Bildes oder lassen Sie es leer.",
    "{0} candidate(s) above the SCR threshold; expected height error at the threshold "
    "{1:.2f} m (eq. 13).":
        "{0} Kandidat(en) über der SCR-Schwelle; erwarteter Höhenfehler an der Schwelle "
        "{1:.2f} m (Gl. 13).",
    "Target at line {0:.1f}, sample {1:.1f}: height {2:.2f} m ± {3:.2f} m, SCR {4:.1f} dB, "
    "residual {5:.3f} m ({6}).":
        "Ziel in Zeile {0:.1f}, Spalte {1:.1f}: Höhe {2:.2f} m ± {3:.2f} m, SCR {4:.1f} dB, "
        "Residuum {5:.3f} m ({6}).",
    "Target at line {0:.1f}, sample {1:.1f}, SCR {2:.1f} dB: no height ({3}).":
        "Ziel in Zeile {0:.1f}, Spalte {1:.1f}, SCR {2:.1f} dB: keine Höhe ({3}).",
    "Area: lines {0}-{1}, samples {2}-{3}.": "Gebiet: Zeilen {0}-{1}, Spalten {2}-{3}.",
    # point_target_accuracy
    "Point-target height accuracy (planning)": "Höhengenauigkeit von Punktzielen (Planung)",
    "Incidence angle (degrees)": "Einfallswinkel (Grad)",
    "Total processed azimuth bandwidth (Hz)": "Gesamte prozessierte Azimutbandbreite (Hz)",
    "Signal-to-clutter ratio (dB)": "Signal-Clutter-Verhältnis (dB)",
    "Orbit height (m)": "Bahnhöhe (m)",
    "Satellite velocity (m/s)": "Geschwindigkeit des Satelliten (m/s)",
    "Wavelength (m)": "Wellenlänge (m)",
    "Range orbit error (m, 1 sigma)": "Bahnfehler in Entfernungsrichtung (m, 1 Sigma)",
    "Latitude of the scene (degrees)": "Geographische Breite der Szene (Grad)",
    "Pass direction": "Überflugrichtung",
    "Ascending": "Aufsteigend",
    "Descending": "Absteigend",
    "True zenith tropospheric delay (m)": "Tatsächliche troposphärische Zenitverzögerung (m)",
    "Accuracy table (sub-bands x SCR)": "Genauigkeitstabelle (Teilbänder x SCR)",
    "Height standard deviation, eq. (13) (m)": "Standardabweichung der Höhe, Gl. (13) (m)",
    "Height bias of the orbit error, eq. (7) (m)": "Höhen-Bias durch den Bahnfehler, Gl. (7) (m)",
    "Height bias of a 20 cm zenith delay error (m)":
        "Höhen-Bias bei 20 cm Fehler der Zenitverzögerung (m)",
    "Height bias of a 40 cm zenith delay error (m)":
        "Höhen-Bias bei 40 cm Fehler der Zenitverzögerung (m)",
    "Slant range (m)": "Schrägentfernung (m)",
    "Integration time (s)": "Integrationszeit (s)",
    "Azimuth FM rate (Hz/s)": "Azimut-FM-Rate (Hz/s)",
    "FM rate change per metre of height (Hz/s/m)": "Änderung der FM-Rate je Meter Höhe (Hz/s/m)",
    "Height standard deviation {0:.2f} m (eq. 13: {1} sub-bands, SCR {2:g} dB, incidence "
    "{3:g}°, azimuth bandwidth {4:g} Hz).":
        "Standardabweichung der Höhe {0:.2f} m (Gl. 13: {1} Teilbänder, SCR {2:g} dB, "
        "Einfallswinkel {3:g}°, Azimutbandbreite {4:g} Hz).",
    "Biases: orbit {0:.2f} m (eq. 7, {1:g} m range error); tropospheric delay error 20 cm: "
    "{2:.1f} m, 40 cm: {3:.1f} m.":
        "Bias: Bahn {0:.2f} m (Gl. 7, {1:g} m Bahnfehler in Entfernungsrichtung); Fehler der "
        "troposphärischen Verzögerung 20 cm: {2:.1f} m, 40 cm: {3:.1f} m.",
    "Slant range {0:.0f} m, integration time {1:.2f} s, azimuth FM rate {2:.0f} Hz/s, "
    "{3:.3g} Hz/s per metre of height.":
        "Schrägentfernung {0:.0f} m, Integrationszeit {1:.2f} s, Azimut-FM-Rate {2:.0f} Hz/s, "
        "{3:.3g} Hz/s je Meter Höhe.",
    "Table: {0} sub-band counts x {1} SCRs.": "Tabelle: {0} Teilbandanzahlen x {1} SCR-Werte.",
    # issue 11: output safety, ranges, plausibility (processing_provider/base.py, common.py)
    "{0} received: cancelling.": "{0} empfangen: Abbruch.",
    "Interrupted by {0}: no output written.": "Durch {0} unterbrochen: keine Ausgabe geschrieben.",
    "{0} must be a whole number (you gave {1}).": "{0} muss eine ganze Zahl sein (angegeben: {1}).",
    "{0} must be between {1} and {2} (you gave {3}).":
        "{0} muss zwischen {1} und {2} liegen (angegeben: {3}).",
    "{0} must be at least {1} (you gave {2}).": "{0} muss mindestens {1} sein (angegeben: {2}).",
    "{0} must be at most {1} (you gave {2}).": "{0} darf höchstens {1} sein (angegeben: {2}).",
    "Warning: {0}": "Warnung: {0}",
    "The output {0} is the input {1}: {2}. Writing it would destroy the input. Choose another "
    "file name for the output {0}.":
        "Die Ausgabe {0} ist die Eingabe {1}: {2}. Sie zu schreiben würde die Eingabe zerstören. "
        "Wählen Sie einen anderen Dateinamen für die Ausgabe {0}.",
    "The outputs {0} and {1} are the same file {2}: one would overwrite the other. Give each "
    "output its own file name.":
        "Die Ausgaben {0} und {1} sind dieselbe Datei {2}: eine würde die andere überschreiben. "
        "Geben Sie jeder Ausgabe einen eigenen Dateinamen.",
    "Or choose Phase-only correlation as {0}: it needs no onnxruntime.":
        "Oder wählen Sie Phasenkorrelation (phase-only correlation) als {0}: sie braucht "
        "kein onnxruntime.",
    "field '{0}'": "Feld '{0}'",
    "Z values": "Z-Werten",
    "{0} of {1} prior points have no usable height in their {2}: {3} null or missing, {4} not a "
    "number, {5} impossible (outside {6}, e.g. {7})":
        "{0} von {1} Punkten mit A-priori-Höhe haben keine verwendbare Höhe in {2}: {3} leer "
        "oder fehlend, {4} keine Zahl, {5} unmöglich (außerhalb {6}, z. B. {7})",
    "{0}. Give heights in metres in PRIOR_FIELD (or the points' Z values).":
        "{0}. Geben Sie Höhen in Metern in PRIOR_FIELD (oder als Z-Werte der Punkte) an.",
    "Warning: {0}; they are left out. Correct or remove them.":
        "Warnung: {0}; sie werden ausgelassen. Korrigieren oder entfernen Sie sie.",
    "Height uncertainty (1 sigma, metres)": "Höhenunsicherheit (1 Sigma, Meter)",
    "This height model (contract {0}) does not estimate an uncertainty: leave 'Height "
    "uncertainty' empty, or use a model of contract 2.":
        "Dieses Höhenmodell (Vertrag {0}) schätzt keine Unsicherheit: lassen Sie "
        "„Höhenunsicherheit“ leer oder verwenden Sie ein Modell des Vertrags 2.",
    "Prior DEM: block means of {0} x {1} SAR pixels ({2:.0f} x {3:.0f} m, {4} cells), "
    "ellipsoidal heights; {5}.":
        "A-priori-DHM: Blockmittel über {0} x {1} SAR-Pixel ({2:.0f} x {3:.0f} m, {4} Zellen), "
        "ellipsoidische Höhen; {5}.",
    "Vertical reference of the heights: that of the prior points (taken as given); written "
    "into the GeoTIFF as VERTICAL_REFERENCE.":
        "Höhenbezug der Höhen: der der A-priori-Punkte (unverändert übernommen); als "
        "VERTICAL_REFERENCE in das GeoTIFF geschrieben.",
    "Vertical reference of the heights: the WGS 84 ellipsoid (the prior DEM converted from its "
    "vertical datum); written into the GeoTIFF as VERTICAL_REFERENCE.":
        "Höhenbezug der Höhen: das WGS-84-Ellipsoid (das A-priori-DHM aus seinem vertikalen "
        "Datum umgerechnet); als VERTICAL_REFERENCE in das GeoTIFF geschrieben.",
    "The prior points were taken as given: they must be ellipsoidal heights too.":
        "Die A-priori-Punkte wurden unverändert übernommen: Sie müssen ebenfalls ellipsoidische "
        "Höhen sein.",
    "{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to {6:.1f} m; "
    "median uncertainty {7:.1f} m (1 sigma).":
        "{0} Kacheln zu {1} x {2} Pixeln, Überlappung {3}; {4} Höhen von {5:.1f} m bis "
        "{6:.1f} m; mittlere Unsicherheit (Median) {7:.1f} m (1 Sigma).",
    "The Python module 'onnxruntime' is missing. In the QGIS window, the menu entry Raster > "
    'SAR Height > Install onnxruntime… installs it. Elsewhere (qgis_process, scripts), install '
    "it into the folder of your QGIS profile that SAR Height adds to Python's path, with this "
    'command:\n{0}\nThen start QGIS or qgis_process again.':
        "Das Python-Modul 'onnxruntime' fehlt. Im QGIS-Fenster installiert es der Menüeintrag "
        'Raster > SAR Height > onnxruntime installieren…. Andernfalls (qgis_process, Skripte) '
        'installieren Sie es mit diesem Befehl in den Ordner Ihres QGIS-Profils, den SAR '
        'Height dem Python-Suchpfad hinzufügt:\n{0}\nStarten Sie danach QGIS bzw. qgis_process '
        'neu.',
    'This Python ({0}) has no pip: install pip first (Debian/Ubuntu: sudo apt install '
    'python3-pip).':
        'Dieses Python ({0}) hat kein pip: Installieren Sie zuerst pip (Debian/Ubuntu: sudo '
        'apt install python3-pip).',
    'No Python interpreter of the version QGIS runs ({0}) was found: write its path instead of '
    'python3.':
        'Es wurde kein Python-Interpreter der Version gefunden, mit der QGIS läuft ({0}): '
        'Setzen Sie statt python3 seinen Pfad ein.',
    'Install onnxruntime…':
        'onnxruntime installieren…',
    'Install onnxruntime':
        'onnxruntime installieren',
    'Command:':
        'Befehl:',
    'Not started.':
        'Nicht gestartet.',
    'Install':
        'Installieren',
    '<p><b>This tool needs the Python module onnxruntime, which is not installed.</b></p>':
        '<p><b>Dieses Werkzeug benötigt das Python-Modul onnxruntime, das nicht installiert '
        'ist.</b></p>',
    '<p>The neural tools of SAR Height (height estimation, and stereo radargrammetry with the '
    'deep matcher) run their networks with onnxruntime, which QGIS does not include. This '
    'installs {0} for the Python of QGIS ({1}) into a folder of your QGIS profile, which SAR '
    "Height adds to Python's path:<br><tt>{2}</tt></p><p>Nothing outside this folder changes; "
    'delete the folder to remove onnxruntime again.</p>':
        '<p>Die neuronalen Werkzeuge von SAR Height (Höhenschätzung sowie '
        'Stereo-Radargrammetrie mit dem tiefen Matcher) führen ihre Netze mit onnxruntime aus, '
        'das QGIS nicht mitbringt. Hiermit wird {0} für das Python von QGIS ({1}) in einen '
        'Ordner Ihres QGIS-Profils installiert, den SAR Height dem Python-Suchpfad '
        'hinzufügt:<br><tt>{2}</tt></p><p>Außerhalb dieses Ordners ändert sich nichts; löschen '
        'Sie den Ordner, um onnxruntime wieder zu entfernen.</p>',
    '<p>pip installs from the wheel folder {0}, not from the internet.</p>':
        '<p>pip installiert aus dem Wheel-Ordner {0}, nicht aus dem Internet.</p>',
    '<p>pip downloads onnxruntime (about 15 MB) from the Python Package Index.</p>':
        '<p>pip lädt onnxruntime (etwa 15 MB) aus dem Python Package Index herunter.</p>',
    '<p>No onnxruntime release is pinned for this Python: pip takes the newest one that has a '
    'wheel for it.</p>':
        '<p>Für dieses Python ist keine onnxruntime-Version festgelegt: pip nimmt die neueste, '
        'für die es ein Wheel gibt.</p>',
    '<p>onnxruntime {0} is installed already; installing again replaces the copy in the '
    'folder.</p>':
        '<p>onnxruntime {0} ist bereits installiert; eine erneute Installation ersetzt die '
        'Kopie im Ordner.</p>',
    'The Python of QGIS ({0}) has no pip. Install pip first (Debian/Ubuntu: sudo apt install '
    'python3-pip), then open this dialog again.':
        'Das Python von QGIS ({0}) hat kein pip. Installieren Sie zuerst pip (Debian/Ubuntu: '
        'sudo apt install python3-pip) und öffnen Sie diesen Dialog dann erneut.',
    'No Python interpreter of the version QGIS runs was found to run pip with. Run the command '
    'above in a shell with the Python that QGIS uses in place of python3, then restart QGIS.':
        'Es wurde kein Python-Interpreter der Version gefunden, mit der QGIS läuft, um pip '
        'auszuführen. Führen Sie den obigen Befehl in einer Shell aus, mit dem Python, das '
        'QGIS verwendet, anstelle von python3, und starten Sie QGIS dann neu.',
    'Starting pip…':
        'pip wird gestartet…',
    'The installation failed: pip ended with exit code {0}. The log above says why (no '
    'connection to the package index, no wheel of {1} for this Python, no write access to the '
    'folder …). Nothing was added to QGIS.':
        'Die Installation ist fehlgeschlagen: pip endete mit dem Exit-Code {0}. Das Protokoll '
        'oben nennt den Grund (keine Verbindung zum Paketindex, kein Wheel von {1} für dieses '
        'Python, keine Schreibrechte im Ordner …). QGIS wurde nichts hinzugefügt.',
    'Checking that onnxruntime loads…':
        'Es wird geprüft, ob onnxruntime lädt…',
    'pip finished, but onnxruntime does not load from {0}: {1}':
        'pip ist fertig, aber onnxruntime lädt nicht aus {0}: {1}',
    'no answer':
        'keine Antwort',
    'Done.':
        'Fertig.',
    'onnxruntime {0} is installed in {1} and loads. The tools can use it now; SAR Height adds '
    "the folder to Python's path whenever QGIS starts.":
        'onnxruntime {0} ist in {1} installiert und lädt. Die Werkzeuge können es jetzt '
        'verwenden; SAR Height fügt den Ordner bei jedem Start von QGIS dem Python-Suchpfad '
        'hinzu.',
    '{0} could not be started: {1}':
        '{0} konnte nicht gestartet werden: {1}',
    'The installation was cancelled.':
        'Die Installation wurde abgebrochen.',
    '{0} (installed by SAR Height)':
        '{0} (von SAR Height installiert)',
    'missing (does not load: {0})':
        'fehlt (lädt nicht: {0})',
    'missing':
        'fehlt',
    'Python modules':
        'Python-Module',
    'Height estimation and the deep stereo matcher need onnxruntime: install it with the '
    'button below (or from the menu: Raster > SAR Height).':
        'Die Höhenschätzung und der tiefe Stereo-Matcher benötigen onnxruntime: Installieren '
        'Sie es mit der Schaltfläche unten (oder über das Menü: Raster > SAR Height).',
    'Write sample data':
        'Beispieldaten schreiben',
    'Folder for the sample data':
        'Ordner für die Beispieldaten',
    'Open the map layers in the project':
        'Kartenlayer im Projekt öffnen',
    'Sample: Ötztal DEM 30 m (reference)':
        'Beispiel: Ötztal-DHM 30 m (Referenz)',
    'Sample: Ötztal coarse DEM (reconstruction, priors)':
        'Beispiel: grobes Ötztal-DHM (Rekonstruktion, A-priori-Höhen)',
    'Sample: layover/shadow mask (Sentinel-1)':
        'Beispiel: Layover-/Schattenmaske (Sentinel-1)',
    'Sample: reconstructed sigma0 (Sentinel-1, map geometry)':
        'Beispiel: rekonstruiertes Sigma0 (Sentinel-1, Kartengeometrie)',
    'Sample: stereo scene, true DEM 2 m':
        'Beispiel: Stereoszene, wahres DHM 2 m',
    'Sample: stereo scene, coarse DEM 90 m':
        'Beispiel: Stereoszene, grobes DHM 90 m',
    'Open each tool under Processing Toolbox > SAR Height, set only these inputs and keep '
    'every other parameter as it is:':
        'Öffnen Sie jedes Werkzeug unter Processing-Werkzeugkiste > SAR Height, setzen Sie nur '
        'diese Eingaben und lassen Sie alle anderen Parameter, wie sie sind:',
    '(no input: its defaults describe the Staring Spotlight product of the sample data)':
        '(keine Eingabe: seine Voreinstellungen beschreiben das Staring-Spotlight-Produkt der '
        'Beispieldaten)',
    '{0} writes heights above the WGS84 ellipsoid that the file does not declare: to compare '
    "them with {1} in {2}, set '{3}' to the WGS84 ellipsoid. The stereo DEMs and heights "
    'declare theirs.':
        '{0} schreibt Höhen über dem WGS84-Ellipsoid, ohne dass die Datei dies angibt: Um sie '
        "in {2} mit {1} zu vergleichen, setzen Sie '{3}' auf das WGS84-Ellipsoid. Die "
        'Stereo-DHM und -Höhen geben ihr Datum selbst an.',
    'SAR Height sample data':
        'SAR-Height-Beispieldaten',
    'No folder given for the sample data.':
        'Kein Ordner für die Beispieldaten angegeben.',
    'Sample data written to {0} in {1:.1f} s.':
        'Beispieldaten in {1:.1f} s nach {0} geschrieben.',
    'Write sample data…':
        'Beispieldaten schreiben…',
    'SAR product (.SAFE folder or its manifest.safe, .zip, XML) or geometry JSON':
        'SAR-Produkt (.SAFE-Ordner oder dessen manifest.safe, .zip, XML) oder Geometrie-JSON',
    'SAR products (manifest.safe *.zip *.json s1*.xml S1*.xml TSX*.xml TDX*.xml PAZ*.xml);;All '
    'files (*)':
        'SAR-Produkte (manifest.safe *.zip *.json s1*.xml S1*.xml TSX*.xml TDX*.xml '
        'PAZ*.xml);;Alle Dateien (*)',
    'SLC products (TSX*.xml TDX*.xml PAZ*.xml *.tif *.tiff);;All files (*)':
        'SLC-Produkte (TSX*.xml TDX*.xml PAZ*.xml *.tif *.tiff);;Alle Dateien (*)',
    '{0}: {1} cells, coverage {2} %, bias {3} m, RMSE {4} m, MAE {5} m, NMAD {6} m; within '
    '±1/2/5/10/20 m: {7} %.':
        '{0}: {1} Zellen, Abdeckung {2} %, Bias {3} m, RMSE {4} m, MAE {5} m, NMAD {6} m; '
        'innerhalb ±1/2/5/10/20 m: {7} %.',
    'en':
        'de',
    'SAR Height – DEM evaluation':
        'SAR Height – DHM-Bewertung',
    'DEM evaluation':
        'DHM-Bewertung',
    'Error = estimate − reference, in metres, after converting both DEMs to WGS84 ellipsoidal '
    'heights; the estimate is resampled bilinearly onto the reference grid.':
        'Fehler = Schätzung − Referenz, in Metern, nachdem beide DHM in ellipsoidische Höhen '
        'über WGS84 umgerechnet wurden; die Schätzung wird bilinear auf das Gitter der '
        'Referenz interpoliert.',
    'Inputs':
        'Eingaben',
    'Estimate':
        'Schätzung',
    '{0} ({1} × {2} cells)':
        '{0} ({1} × {2} Zellen)',
    'Mask':
        'Maske',
    'Error raster':
        'Fehlerraster',
    'Statistics':
        'Statistik',
    'Measure':
        'Maß',
    'Value':
        'Wert',
    'Unit':
        'Einheit',
    'Bias (mean error)':
        'Bias (mittlerer Fehler)',
    'RMSE':
        'RMSE',
    'MAE (mean absolute error)':
        'MAE (mittlerer absoluter Fehler)',
    'NMAD (1.4826 × median |e − median e|)':
        'NMAD (1.4826 × Median |e − Median e|)',
    'Median error':
        'Median des Fehlers',
    'Standard deviation':
        'Standardabweichung',
    'Minimum error':
        'Kleinster Fehler',
    'Maximum error':
        'Größter Fehler',
    'Within ±{0} m':
        'Innerhalb ±{0} m',
    'Coverage (reference cells with an estimate)':
        'Abdeckung (Referenzzellen mit Schätzung)',
    'Compared cells':
        'Verglichene Zellen',
    'Reference cells':
        'Referenzzellen',
    'Per mask class':
        'Je Maskenklasse',
    'No mask given: all cells form one class.':
        'Keine Maske angegeben: alle Zellen bilden eine Klasse.',
    'value':
        'Wert',
    'reference cells':
        'Referenzzellen',
    'compared cells':
        'verglichene Zellen',
    'coverage %':
        'Abdeckung %',
    'median m':
        'Median m',
    'std m':
        'Std.-abw. m',
    '|e| ≤ {0} m %':
        '|e| ≤ {0} m %',
    'Error histogram':
        'Histogramm der Fehler',
    'Histogram of the errors from {0} m to {1} m':
        'Histogramm der Fehler von {0} m bis {1} m',
    'Error (m)':
        'Fehler (m)',
    'Cells per bar':
        'Zellen je Balken',
    'All compared cells: {0} bars of {1} m from {2} m to {3} m; {4} of {5} errors lie in the '
    'shown range. Black line: zero; orange line: median.':
        'Alle verglichenen Zellen: {0} Balken zu {1} m von {2} m bis {3} m; {4} von {5} '
        'Fehlern liegen im gezeigten Bereich. Schwarze Linie: null; orange Linie: Median.',
    'Method':
        'Methode',
    'NMAD = {0} × median(|e − median(e)|), robust to outliers.':
        'NMAD = {0} × Median(|e − Median(e)|), robust gegen Ausreißer.',
    'Median and NMAD come from a histogram of {0} cm bins over ±{1} m: median exact to within '
    '5 mm, NMAD to within 1.5 cm. Bias, RMSE, MAE and the ±X m shares are exact.':
        'Median und NMAD stammen aus einem Histogramm mit Klassen von {0} cm über ±{1} m: der '
        'Median ist auf 5 mm genau, die NMAD auf 1.5 cm. Bias, RMSE, MAE und die Anteile '
        'innerhalb ±X m sind exakt.',
    'Coverage: share of reference cells holding a height for which the estimate also has one. '
    'The ±X m shares are of the compared cells.':
        'Abdeckung: Anteil der Referenzzellen mit einer Höhe, für die auch die Schätzung eine '
        'hat. Die Anteile innerhalb ±X m beziehen sich auf die verglichenen Zellen.',
    'Cells without a mask class (mask nodata or outside the mask) count in “all” only.':
        'Zellen ohne Maskenklasse (NoData der Maske oder außerhalb der Maske) zählen nur in '
        '„alle“.',
    'TerraSAR-X product (folder or level1Product XML)':
        'TerraSAR-X-Produkt (Ordner oder level1Product-XML)',
    'TerraSAR-X products (TSX*.xml TDX*.xml PAZ*.xml);;All files (*)':
        'TerraSAR-X-Produkte (TSX*.xml TDX*.xml PAZ*.xml);;Alle Dateien (*)',
    'Incidence angle (degrees; empty = from the product, else 47.3)':
        'Einfallswinkel (Grad; leer = aus dem Produkt, sonst 47,3)',
    'Azimuth bandwidth of a target (Hz; empty = from the product, else 38300)':
        'Azimutbandbreite eines Ziels (Hz; leer = aus dem Produkt, sonst 38300)',
    'Orbit height (m; empty = from the product, else 514000)':
        'Bahnhöhe (m; leer = aus dem Produkt, sonst 514000)',
    'Satellite velocity (m/s; empty = from the product, else 7600)':
        'Satellitengeschwindigkeit (m/s; leer = aus dem Produkt, sonst 7600)',
    'Wavelength (m; empty = from the product, else 0.031)':
        'Wellenlänge (m; leer = aus dem Produkt, sonst 0,031)',
    'Latitude of the scene (degrees; empty = from the product, else 48.08)':
        'Geographische Breite der Szene (Grad; leer = aus dem Produkt, sonst 48,08)',
    'Pass direction (empty = from the product, else ascending)':
        'Überflugrichtung (leer = aus dem Produkt, sonst aufsteigend)',
    'Geometry from the product {0}: {1}.':
        'Geometrie aus dem Produkt {0}: {1}.',
    "Given explicitly, instead of the product's value: {0}.":
        'Ausdrücklich angegeben, statt des Werts aus dem Produkt: {0}.',
}

# (context, English source text) -> German, for the rare context-specific wording.
CONTEXT_TRANSLATIONS = {
    ('CompareDemAlgorithm', 'Reference'): 'Referenz',
}


def fill(ts_path):
    """Fill translations in ``ts_path`` in place; return the untranslated (context, source)."""
    tree = ET.parse(ts_path)
    root = tree.getroot()
    root.set("language", "de_DE")
    missing = []
    for context in root.iter("context"):
        context_name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            if translation.get("type") in ("obsolete", "vanished"):
                continue
            german = CONTEXT_TRANSLATIONS.get((context_name, source), TRANSLATIONS.get(source))
            if german is None:
                if translation.text and translation.get("type") != "unfinished":
                    continue  # translated by hand in the .ts file
                missing.append((context_name, source))
                continue
            translation.text = german
            translation.attrib.pop("type", None)
    ET.indent(tree, space="    ")
    with open(ts_path, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        handle.write(ET.tostring(root, encoding="unicode"))
        handle.write("\n")
    return missing


def main(argv):
    """Fill the .ts file ``argv[1]`` (default: i18n/sar_height_de.ts); return the exit status.

    The status is 1 when strings are left untranslated (they are listed on stderr), else 0.
    """
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sar_height_de.ts")
    ts_path = argv[1] if len(argv) > 1 else default
    missing = fill(ts_path)
    for context_name, source in missing:
        sys.stderr.write("untranslated [{}]: {!r}\n".format(context_name, source))
    if missing:
        sys.stderr.write("{} untranslated string(s) in {}\n".format(len(missing), ts_path))
        return 1
    sys.stdout.write("all strings translated in {}\n".format(ts_path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
