#!/usr/bin/env python3
"""Fill the German translation file from the dictionary below.

Usage: python3 i18n/translate_de.py [i18n/sar_height_de.ts]

Run after pylupdate5 (``make i18n`` does both, then lrelease). Every <message> whose
source text is in TRANSLATIONS gets that translation (marked finished); messages that
are missing from the dictionary are listed and the script exits with status 1, so a
new user-visible string cannot slip through untranslated. To translate a text
differently in one context, add it to CONTEXT_TRANSLATIONS[(context, source)].
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
    # algorithm groups
    "Simulation": "Simulation",
    "Layover reconstruction": "Layover-Rekonstruktion",
    "Height estimation": "Höhenschätzung",
    "Stereo radargrammetry": "Stereo-Radargrammetrie",
    "Point targets": "Punktziele",
    "Evaluation": "Bewertung",
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
    # simulate_sar
    "Simulate SAR image": "SAR-Bild simulieren",
    (
        "<p>Simulates the SAR image a DEM produces in the geometry of a real product "
        "(Sentinel-1 SAFE, TerraSAR-X level1Product XML, or a SAR Height geometry JSON). "
        "Each DEM cell is located in the radar image by zero-Doppler geo2rdr; its energy is "
        "its facet area times a backscatter law of the local incidence angle, spread over the "
        "radar pixels it falls into.</p>"
        "<p><b>Outputs</b>: the simulated backscatter (linear intensity) in the product's radar "
        "geometry, placed on the map with GCPs; a layover/shadow mask, a lookup table (band 1 "
        "azimuth line, band 2 range sample of the product raster) and the local incidence "
        "angle (degrees), all three on the DEM grid.</p>"
        "<p><b>DEM vertical datum</b>: heights are converted to the WGS84 ellipsoid. SRTM DEMs "
        "are EGM96; Copernicus DEMs are EGM2008, which needs PROJ's EGM2008 grid.</p>"
        "<p><b>Speckle looks</b>: 0 gives a noise-free image; L &gt; 0 multiplies each pixel "
        "by Gamma(L, 1/L) noise reproducible with the seed.</p>"
    ): (
        "<p>Simuliert das SAR-Bild, das ein DHM in der Geometrie eines realen Produkts "
        "erzeugt (Sentinel-1 SAFE, TerraSAR-X level1Product XML oder eine SAR-Height-"
        "Geometrie-JSON). Jede DHM-Zelle wird mit Zero-Doppler-geo2rdr im Radarbild verortet; "
        "ihre Energie ist ihre Facettenfläche mal einem Rückstreugesetz des lokalen "
        "Einfallswinkels, verteilt auf die Radarpixel, in die sie fällt.</p>"
        "<p><b>Ausgaben</b>: die simulierte Rückstreuung (lineare Intensität) in der "
        "Radargeometrie des Produkts, über GCPs in der Karte platziert; eine Layover-/"
        "Schattenmaske, eine Lookup-Tabelle (Band 1 Azimutzeile, Band 2 Entfernungsspalte des "
        "Produktrasters) und der lokale Einfallswinkel (Grad), alle drei im Raster des DHM.</p>"
        "<p><b>Vertikales Datum des DHM</b>: Höhen werden auf das WGS84-Ellipsoid umgerechnet. "
        "SRTM-DHM beziehen sich auf EGM96, Copernicus-DHM auf EGM2008, wofür das "
        "EGM2008-Gitter von PROJ nötig ist.</p>"
        "<p><b>Speckle-Looks</b>: 0 ergibt ein rauschfreies Bild; L &gt; 0 multipliziert jedes "
        "Pixel mit Gamma(L, 1/L)-Rauschen, das mit dem Startwert reproduzierbar ist.</p>"
    ),
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
    "Simulated backscatter (radar geometry)": "Simulierte Rückstreuung (Radargeometrie)",
    "Layover/shadow mask": "Layover-/Schattenmaske",
    "Radar lookup (line, sample)": "Radar-Lookup-Tabelle (Zeile, Spalte)",
    "Local incidence angle (degrees)": "Lokaler Einfallswinkel (Grad)",
    "No output selected: choose at least one.":
        "Keine Ausgabe gewählt: wählen Sie mindestens eine.",
    "Cancelled: no output written.": "Abgebrochen: keine Ausgabe geschrieben.",
    # reconstruct_layover
    "Reconstruct layover backscatter": "Layover-Rückstreuung rekonstruieren",
    (
        "<p>Re-allocates the backscatter of a SAR image to the cells of a (coarse) DEM. The DEM "
        "is simulated in the product's geometry; this gives, for every radar pixel, the DEM "
        "cells that fold into it and their simulated contributions. Each pixel's measured "
        "energy is then shared among those cells in proportion to their contributions, so "
        "the energy of layover pixels is split between foreslope and valley instead of being "
        "copied into every folded cell.</p>"
        "<p><b>SAR image</b>: the product's own raster in radar geometry (for Sentinel-1 the "
        "measurement TIFF of the chosen swath and polarisation), with exactly as many lines "
        "and samples as the product describes. Declare whether it holds intensity (power), "
        "amplitude or dB. Nodata, zero and non-finite pixels count as not measured.</p>"
        "<p><b>Units of the outputs</b>: flat-equivalent intensity, i.e. a cell's energy "
        "divided by the number of radar pixels the cell would cover on flat ground, in the "
        "radiometric units of the input (linear, or dB of it). On flat ground it equals the "
        "input pixel values; the reconstruction conserves the measured energy exactly, while "
        "conventional geocoding inflates it in layover.</p>"
        "<p><b>Outputs</b> on the DEM grid: the reconstructed backscatter (nodata in radar "
        "shadow and on facets facing away from the radar); the conventionally terrain-"
        "geocoded image (each cell takes the radar image at its own position) for "
        "comparison; the layover/shadow mask (as in Simulate SAR image); and the mixing "
        "count, how many DEM cells share the radar pixel a cell maps to.</p>"
        "<p>The DEM should extend beyond the area of interest by the layover reach: terrain "
        "outside it still returns energy into the image but cannot receive its share.</p>"
    ): (
        "<p>Verteilt die Rückstreuung eines SAR-Bilds auf die Zellen eines (groben) DHM. Das "
        "DHM wird in der Geometrie des Produkts simuliert; das liefert für jedes Radarpixel "
        "die DHM-Zellen, die hineinfallen, und ihre simulierten Beiträge. Die gemessene "
        "Energie jedes Pixels wird dann im Verhältnis dieser Beiträge auf die Zellen "
        "aufgeteilt, sodass die Energie von Layover-Pixeln zwischen Vorderhang und Tal geteilt "
        "wird, statt in jede überlagerte Zelle kopiert zu werden.</p>"
        "<p><b>SAR-Bild</b>: das Raster des Produkts selbst in Radargeometrie (bei Sentinel-1 "
        "das Mess-TIFF des gewählten Subswaths und der Polarisation) mit genau so vielen "
        "Zeilen und Spalten, wie das Produkt beschreibt. Geben Sie an, ob es Intensität "
        "(Leistung), Amplitude oder dB enthält. Pixel ohne Daten, mit null oder nicht "
        "endlichen Werten gelten als nicht gemessen.</p>"
        "<p><b>Einheiten der Ausgaben</b>: flachäquivalente Intensität, d. h. die Energie "
        "einer Zelle geteilt durch die Zahl der Radarpixel, die die Zelle auf ebenem Gelände "
        "bedecken würde, in den radiometrischen Einheiten der Eingabe (linear oder deren dB). "
        "Auf ebenem Gelände entspricht sie den Pixelwerten der Eingabe; die Rekonstruktion "
        "erhält die gemessene Energie exakt, die herkömmliche Geokodierung bläht sie im "
        "Layover auf.</p>"
        "<p><b>Ausgaben</b> im Raster des DHM: die rekonstruierte Rückstreuung (keine Daten "
        "im Radarschatten und auf Facetten, die vom Radar abgewandt sind); das herkömmlich "
        "geländegeokodierte Bild (jede Zelle erhält den Wert des Radarbilds an ihrer eigenen "
        "Position) zum Vergleich; die Layover-/Schattenmaske (wie in SAR-Bild simulieren); "
        "und die Mischungsanzahl, wie viele DHM-Zellen sich das Radarpixel teilen, auf das "
        "eine Zelle fällt.</p>"
        "<p>Das DHM sollte über das Untersuchungsgebiet hinaus um die Layover-Reichweite "
        "reichen: Gelände außerhalb streut zwar Energie ins Bild, kann seinen Anteil aber "
        "nicht erhalten.</p>"
    ),
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
    (
        "<p>Evaluates a DEM (for example one estimated from SAR) against a reference DEM. "
        "The error is estimate − reference in metres, after converting both to WGS84 "
        "ellipsoidal heights with their vertical datums. The estimate is resampled bilinearly "
        "onto the reference grid (any CRS); the reference is processed in row strips, so large "
        "references need little memory.</p>"
        "<p><b>Statistics</b>: bias (mean error), RMSE, MAE, NMAD = 1.4826 × median |e − "
        "median e| (robust to outliers; from a 1 cm histogram, exact to about 1.5 cm), the "
        "percentage of compared cells within ±1, 2, 5, 10 and 20 m, and the coverage: the "
        "percentage of reference cells for which the estimate has a height.</p>"
        "<p><b>Mask</b> (optional): a raster of integer classes, on the reference grid or on "
        "the estimate's grid, e.g. the layover/shadow mask of <i>Simulate SAR image</i> (0 "
        "clear, 1 layover, 2 shadow, 3 both, 255 nodata). Statistics are then also given per "
        "class.</p>"
        "<p><b>Outputs</b>: the numbers (also in qgis_process JSON results), an error raster on "
        "the reference grid (float32, blue = estimate too low, red = too high) and an HTML "
        "report with the tables and an error histogram.</p>"
    ): (
        "<p>Bewertet ein DHM (zum Beispiel ein aus SAR geschätztes) anhand eines Referenz-DHM. "
        "Der Fehler ist Schätzung − Referenz in Metern, nachdem beide mit ihren vertikalen "
        "Datums in ellipsoidische WGS84-Höhen umgerechnet wurden. Die Schätzung wird bilinear "
        "auf das Raster der Referenz umgetastet (beliebiges KBS); die Referenz wird in "
        "Zeilenstreifen verarbeitet, sodass auch große Referenzen wenig Speicher brauchen.</p>"
        "<p><b>Statistik</b>: Bias (mittlerer Fehler), RMSE, MAE, NMAD = 1,4826 × Median "
        "|e − Median e| (robust gegen Ausreißer; aus einem 1-cm-Histogramm, auf etwa 1,5 cm "
        "genau), der Anteil der verglichenen Zellen innerhalb ±1, 2, 5, 10 und 20 m sowie die "
        "Abdeckung: der Anteil der Referenzzellen, für die die Schätzung eine Höhe hat.</p>"
        "<p><b>Maske</b> (optional): ein Raster ganzzahliger Klassen im Raster der Referenz "
        "oder der Schätzung, z. B. die Layover-/Schattenmaske von <i>SAR-Bild simulieren</i> "
        "(0 frei, 1 Layover, 2 Schatten, 3 beides, 255 keine Daten). Die Statistik wird dann "
        "auch je Klasse angegeben.</p>"
        "<p><b>Ausgaben</b>: die Kennzahlen (auch in den JSON-Ergebnissen von qgis_process), "
        "ein Fehlerraster im Raster der Referenz (float32, blau = Schätzung zu niedrig, rot = "
        "zu hoch) und ein HTML-Bericht mit den Tabellen und einem Fehlerhistogramm.</p>"
    ),
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
    "The DEM to evaluate. It is resampled bilinearly onto the reference grid; its CRS may "
    "differ from the reference's.":
        "Das zu bewertende DHM. Es wird bilinear auf das Raster der Referenz umgetastet; sein "
        "KBS darf von dem der Referenz abweichen.",
    "Vertical datum of the evaluated DEM's heights.":
        "Vertikales Datum der Höhen des bewerteten DHM.",
    "The reference DEM. Its grid is the grid of the error raster and of all statistics.":
        "Das Referenz-DHM. Sein Raster ist das Raster des Fehlerrasters und aller Statistiken.",
    "Vertical datum of the reference heights.": "Vertikales Datum der Referenzhöhen.",
    "Integer class raster on the reference grid or on the evaluated DEM's grid (e.g. "
    "OUTPUT_MASK of Simulate SAR image run on that DEM). Its nodata cells count in 'all' only.":
        "Raster ganzzahliger Klassen im Raster der Referenz oder des bewerteten DHM (z. B. "
        "OUTPUT_MASK von SAR-Bild simulieren, auf diesem DHM ausgeführt). Zellen ohne Daten "
        "zählen nur in 'alle'.",
    "Reference rows processed at a time (memory versus speed).":
        "Gleichzeitig verarbeitete Referenzzeilen (Speicher gegen Geschwindigkeit).",
    "Float32 GeoTIFF of estimate − reference in metres on the reference grid, NaN where "
    "either has no height.":
        "Float32-GeoTIFF von Schätzung − Referenz in Metern im Raster der Referenz, NaN wo "
        "eines der beiden keine Höhe hat.",
    "Self-contained HTML report: statistics, per-class table and error histogram.":
        "Eigenständiger HTML-Bericht: Statistik, Tabelle je Klasse und Fehlerhistogramm.",
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
    (
        "<p>Estimates terrain heights from one SAR backscatter image in map geometry and "
        "sparse prior heights, with a height network (ASK-UNet: a U-Net with large "
        "selective kernel and efficient channel attention blocks) run by onnxruntime.</p>"
        "<p><b>SAR image</b>: backscatter on a north-up map grid, best the output of "
        "<i>Reconstruct layover backscatter</i> (the model states whether it was trained on "
        "reconstructed or geocoded backscatter). Declare whether it holds intensity, "
        "amplitude or dB. The values should be sigma0-calibrated backscatter; the log "
        "compares the image's level with the model's training data. The pixel spacing "
        "should be close to the one the model was trained for; a warning is given "
        "otherwise.</p>"
        "<p><b>Look direction</b>: which way the radar looked across the image: east "
        "(towards increasing columns, e.g. a right-looking satellite on an ascending pass) "
        "or west (descending). The bundled model was trained on east-looking images; "
        "west-looking ones are mirrored for it and the heights mirrored back. "
        "<i>From the image metadata</i> reads the direction that Reconstruct layover "
        "backscatter writes into its outputs; for other images choose it.</p>"
        "<p><b>Priors</b>: give prior points with a height field (empty field: the points' Z "
        "values), a prior DEM sampled every <i>prior spacing</i> metres, or both (points win "
        "where both fall in one pixel). At least one prior must lie inside the SAR image; "
        "heights far from all priors are less certain.</p>"
        "<p><b>Height system</b>: the model predicts heights relative to its priors, so the "
        "output is in the height system of the priors. Heights sampled from the prior DEM "
        "are converted to heights above the WGS84 ellipsoid (using the DEM vertical datum); "
        "heights of prior points are taken as given, so use ellipsoidal heights there too "
        "when both kinds of prior are combined.</p>"
        "<p><b>Model</b>: an ONNX height model of SAR Height (empty: the bundled model). "
        "Tile size and overlap default to the model's; tiles are blended smoothly, so there "
        "are no seams. The output is float32 heights in metres on the SAR image's grid, "
        "nodata where the SAR image has none.</p>"
        "<p>Needs the Python module onnxruntime.</p>"
    ): (
        "<p>Schätzt Geländehöhen aus einem SAR-Rückstreubild in Kartengeometrie und wenigen "
        "A-priori-Höhen mit einem Höhennetz (ASK-UNet: ein U-Net mit Large-Selective-Kernel- "
        "und Efficient-Channel-Attention-Blöcken), ausgeführt mit onnxruntime.</p>"
        "<p><b>SAR-Bild</b>: Rückstreuung auf einem genordeten Kartenraster, am besten die "
        "Ausgabe von <i>Layover-Rückstreuung rekonstruieren</i> (das Modell gibt an, ob es mit "
        "rekonstruierter oder geokodierter Rückstreuung trainiert wurde). Geben Sie an, ob es "
        "Intensität, Amplitude oder dB enthält. Die Werte sollten sigma0-kalibrierte "
        "Rückstreuung sein; das Protokoll vergleicht den Pegel des Bildes mit den "
        "Trainingsdaten des Modells. Der Pixelabstand sollte nahe an dem liegen, "
        "für den das Modell trainiert wurde; sonst erscheint eine Warnung.</p>"
        "<p><b>Blickrichtung</b>: wohin das Radar quer über das Bild blickte: nach Osten "
        "(zu wachsenden Spalten, z. B. ein rechtsblickender Satellit im aufsteigenden "
        "Überflug) oder nach Westen (absteigend). Das mitgelieferte Modell wurde mit nach "
        "Osten blickenden Bildern trainiert; nach Westen blickende werden für es gespiegelt "
        "und die Höhen zurückgespiegelt. <i>Aus den Bild-Metadaten</i> liest die Richtung, "
        "die <i>Layover-Rückstreuung rekonstruieren</i> in seine Ausgaben schreibt; für "
        "andere Bilder wählen Sie sie.</p>"
        "<p><b>A-priori-Höhen</b>: Punkte mit einem Höhenfeld (leeres Feld: die Z-Werte der "
        "Punkte), ein A-priori-DHM, das alle <i>A-priori-Abstand</i> Meter abgetastet wird, "
        "oder beides (fallen beide in ein Pixel, gilt der Punkt). Mindestens eine "
        "A-priori-Höhe muss im SAR-Bild liegen; Höhen fern aller A-priori-Höhen sind "
        "unsicherer.</p>"
        "<p><b>Höhensystem</b>: Das Modell sagt Höhen relativ zu seinen A-priori-Höhen "
        "voraus; die Ausgabe liegt daher im Höhensystem der A-priori-Höhen. Aus dem "
        "A-priori-DHM entnommene Höhen werden in Höhen über dem WGS84-Ellipsoid umgerechnet "
        "(mit dem vertikalen Datum des DHM); Höhen von Punkten werden unverändert übernommen, "
        "verwenden Sie dort also ebenfalls ellipsoidische Höhen, wenn Sie beide Arten "
        "kombinieren.</p>"
        "<p><b>Modell</b>: ein ONNX-Höhenmodell von SAR Height (leer: das mitgelieferte "
        "Modell). Kachelgröße und Überlappung kommen standardmäßig aus dem Modell; die "
        "Kacheln werden weich überblendet, es entstehen keine Nähte. Die Ausgabe sind "
        "float32-Höhen in Metern auf dem Raster des SAR-Bildes, NoData wo das SAR-Bild keine "
        "Daten hat.</p>"
        "<p>Benötigt das Python-Modul onnxruntime.</p>"
    ),
    "SAR backscatter in map geometry (e.g. reconstructed)":
        "SAR-Rückstreuung in Kartengeometrie (z. B. rekonstruiert)",
    "Prior height points": "Punkte mit A-priori-Höhen",
    "Height field of the prior points (empty = Z values)":
        "Höhenfeld der A-priori-Punkte (leer = Z-Werte)",
    "Prior DEM (sampled every prior spacing)":
        "A-priori-DHM (abgetastet im A-priori-Abstand)",
    "Prior spacing on the prior DEM (metres)": "A-priori-Abstand auf dem A-priori-DHM (Meter)",
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
    "incomplete). Reinstall the plugin, or give an ONNX height model in MODEL.":
        "Kein Höhenmodell: das mitgelieferte Modell {0} fehlt (die Installation des Plugins "
        "ist unvollständig). Installieren Sie das Plugin neu oder geben Sie unter MODEL ein "
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
    "No prior heights given: choose prior height points (PRIOR_POINTS) and/or a prior DEM "
    "(PRIOR_DEM).":
        "Keine A-priori-Höhen angegeben: wählen Sie Punkte mit A-priori-Höhen (PRIOR_POINTS) "
        "und/oder ein A-priori-DHM (PRIOR_DEM).",
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
    (
        "<p>Derives a DEM from two SAR images of the same ground taken from different "
        "positions (a stereo pair). Neither image is projected to the ground: the reference "
        "image is cut into patches; for each patch a coarse DEM (or a constant height) "
        "predicts where its pixels lie in the secondary image, the secondary image is "
        "resampled there, and a matcher measures the remaining offsets. Every match is "
        "intersected rigorously with both sensors' orbits (range and Doppler equations of "
        "both images), which gives a 3-D point; the points are gridded into the output "
        "DEM.</p>"
        "<p><b>Images</b>: each product's own raster in its radar geometry (slant or ground "
        "range, not geocoded), with exactly as many lines and samples as its geometry "
        "describes, and the geometry file of each: a Sentinel-1 SAFE (the swath whose size "
        "matches the raster is used), a TerraSAR-X level1Product XML, or a SAR Height "
        "geometry JSON (any sensor, airborne included). Declare whether the images hold "
        "intensity, amplitude or dB; nodata, zero and non-finite pixels count as not "
        "measured.</p>"
        "<p><b>DEM</b> (optional, recommended in relief): a coarse DEM of the area predicts "
        "where each patch lands, so that the matcher only has to find small offsets. Without "
        "one, the constant <i>height</i> above the WGS84 ellipsoid is used.</p>"
        "<p><b>Matcher</b>: the deep dense matcher (the default; RoMa-style, trained on "
        "simulated SAR stereo pairs, run by onnxruntime: a match and a certainty for every "
        "pixel; <i>model</i> empty = the bundled resources/models/sar_matcher.onnx, or any "
        "ONNX file of SAR Height's matcher contract), or phase-only correlation (32-pixel "
        "windows every 8 pixels, left-right checked; no onnxruntime needed). The height "
        "error and coverage of both on held-out mountains are in the documentation (README, "
        "stereo radargrammetry; docs/stereo.md). Matches below the minimum "
        "confidence are dropped (empty: 0.8 for the deep matcher's certainty, 0.4 for the "
        "correlation peak).</p>"
        "<p><b>Patch size</b> (advanced): 0, the default, takes the matcher's own: the size "
        "the deep model was trained on (it loses most matches on other sizes), 256 pixels for "
        "phase-only correlation. Larger patches need a better DEM prediction, smaller ones "
        "cost more overlap.</p>"
        "<p><b>Outputs</b> on a north-up grid (output CRS: the DEM's when it is projected, "
        "else the local UTM zone; output pixel size 0 = about 1.5 times the spacing of the "
        "matches): the heights, float32 metres above the WGS84 ellipsoid (not above the "
        "geoid), the confidence-weighted mean of the points in each cell, nodata where no "
        "point fell; the mean matcher confidence per cell; and the number of points per cell. "
        "The log and the results give the number of points, the coverage (cells with a "
        "height among the cells both images see), the intersection angle, the residual of "
        "the intersection and the height precision of the geometry: the height error of one "
        "pixel of parallax error on flat ground.</p>"
        "<p>The two images must overlap on the ground and see it from different positions: "
        "two images of different places, an image with the geometry of another product, or "
        "the same geometry twice (no parallax) are refused with a message. Nothing is "
        "written when the run fails or is cancelled.</p>"
    ): (
        "<p>Leitet ein DHM aus zwei SAR-Bildern desselben Geländes ab, die von verschiedenen "
        "Positionen aus aufgenommen wurden (ein Stereopaar). Keines der Bilder wird auf den "
        "Boden projiziert: Das Referenzbild wird in Kacheln zerlegt; für jede Kachel sagt ein "
        "grobes DHM (oder eine konstante Höhe) voraus, wo ihre Pixel im Sekundärbild liegen, "
        "das Sekundärbild wird dort neu abgetastet, und ein Matcher misst die verbleibenden "
        "Versätze. Jede Zuordnung wird streng mit den Bahnen beider Sensoren geschnitten "
        "(Entfernungs- und Doppler-Gleichungen beider Bilder), was einen 3-D-Punkt ergibt; "
        "die Punkte werden zum Ausgabe-DHM gerastert.</p>"
        "<p><b>Bilder</b>: das eigene Raster jedes Produkts in seiner Radargeometrie "
        "(Schräg- oder Bodenentfernung, nicht geokodiert), mit genau so vielen Zeilen und "
        "Spalten, wie seine Geometrie beschreibt, und die Geometriedatei jedes Bildes: ein "
        "Sentinel-1-SAFE (verwendet wird der Subswath, dessen Größe zum Raster passt), eine "
        "TerraSAR-X-level1Product-XML oder eine SAR-Height-Geometrie-JSON (jeder Sensor, "
        "auch flugzeuggetragene). Geben Sie an, ob die Bilder Intensität, Amplitude oder dB "
        "enthalten; NoData-, Null- und nicht endliche Pixel gelten als nicht gemessen.</p>"
        "<p><b>DHM</b> (optional, im Relief empfohlen): ein grobes DHM des Gebiets sagt "
        "voraus, wohin jede Kachel fällt, sodass der Matcher nur kleine Versätze finden muss. "
        "Ohne DHM wird die konstante <i>Höhe</i> über dem WGS84-Ellipsoid verwendet.</p>"
        "<p><b>Matcher</b>: der tiefe dichte Matcher (Voreinstellung; im Stil von RoMa, "
        "trainiert mit simulierten SAR-Stereopaaren, ausgeführt mit onnxruntime: eine "
        "Zuordnung und eine Sicherheit für jedes Pixel; <i>Modell</i> leer = das "
        "mitgelieferte resources/models/sar_matcher.onnx, oder eine beliebige ONNX-Datei nach "
        "dem Matcher-Vertrag von SAR Height) oder Phasenkorrelation (Fenster von 32 Pixeln "
        "alle 8 Pixel, mit Links-Rechts-Prüfung; onnxruntime wird nicht benötigt). "
        "Höhenfehler und Abdeckung beider über Gebirgen, die nicht im Training vorkamen, "
        "stehen in der Dokumentation (README, Stereo-Radargrammetrie; docs/stereo.md). "
        "Zuordnungen unter der Mindestkonfidenz werden verworfen "
        "(leer: 0,8 für die Sicherheit des tiefen Matchers, 0,4 für das "
        "Korrelationsmaximum).</p>"
        "<p><b>Kachelgröße</b> (erweitert): 0, die Voreinstellung, übernimmt die des "
        "Matchers: die Größe, mit der das tiefe Modell trainiert wurde (bei anderen Größen "
        "verliert es die meisten Zuordnungen), 256 Pixel für die Phasenkorrelation. Größere "
        "Kacheln brauchen eine bessere Vorhersage durch das DHM, kleinere kosten mehr "
        "Überlappung.</p>"
        "<p><b>Ausgaben</b> auf einem genordeten Raster (Ausgabe-KBS: das des DHM, wenn es "
        "projiziert ist, sonst die lokale UTM-Zone; Ausgabe-Pixelgröße 0 = etwa das "
        "1,5-Fache des Abstands der Zuordnungen): die Höhen, float32 in Metern über dem "
        "WGS84-Ellipsoid (nicht über dem Geoid), das mit der Konfidenz gewichtete Mittel der "
        "Punkte jeder Zelle, NoData wo kein Punkt fiel; die mittlere Konfidenz des Matchers je "
        "Zelle; und die Anzahl der Punkte je Zelle. Protokoll und Ergebnisse nennen die Zahl "
        "der Punkte, die Abdeckung (Zellen mit Höhe unter den Zellen, die beide Bilder "
        "sehen), den Schnittwinkel, das Residuum des Vorwärtsschnitts und die "
        "Höhengenauigkeit der Geometrie: den Höhenfehler eines Pixels Parallaxenfehler auf "
        "ebenem Gelände.</p>"
        "<p>Die beiden Bilder müssen sich am Boden überlappen und ihn von verschiedenen "
        "Positionen aus sehen: zwei Bilder verschiedener Orte, ein Bild mit der Geometrie "
        "eines anderen Produkts oder zweimal dieselbe Geometrie (keine Parallaxe) werden mit "
        "einer Meldung abgelehnt. Schlägt der Lauf fehl oder wird er abgebrochen, wird nichts "
        "geschrieben.</p>"
    ),
    "Reference SAR image (radar geometry)": "Referenz-SAR-Bild (Radargeometrie)",
    "Reference band": "Band des Referenzbilds",
    "Reference SAR product or geometry file": "Referenz-SAR-Produkt oder Geometriedatei",
    "Secondary SAR image (radar geometry)": "Sekundäres SAR-Bild (Radargeometrie)",
    "Secondary band": "Band des Sekundärbilds",
    "Secondary SAR product or geometry file": "Sekundäres SAR-Produkt oder Geometriedatei",
    "Coarse DEM predicting the patches (optional, heights in metres)":
        "Grobes DHM zur Vorhersage der Kacheln (optional, Höhen in Metern)",
    "Constant terrain height without DEM (m above the WGS84 ellipsoid)":
        "Konstante Geländehöhe ohne DHM (m über dem WGS84-Ellipsoid)",
    "Matcher": "Matcher",
    "Deep dense matcher (ONNX)": "Tiefer dichter Matcher (ONNX)",
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
    "The deep matcher needs a model, but none is given (MODEL is empty) and the plugin ships "
    "none ({0} does not exist). Choose Phase-only correlation as MATCHER, or give an ONNX "
    "matcher model in MODEL.":
        "Der tiefe Matcher braucht ein Modell, aber keines ist angegeben (MODEL ist leer) und "
        "das Plugin enthält keines ({0} existiert nicht). Wählen Sie Phasenkorrelation "
        "(Phase-only correlation) als MATCHER oder geben Sie unter MODEL ein "
        "ONNX-Matcher-Modell an.",
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
    "area), or leave OUTPUT_CRS empty.":
        "Das Ausgabe-KBS {0} ist kein projiziertes KBS in Metern: wählen Sie eines (z. B. die "
        "UTM-Zone des Gebiets) oder lassen Sie OUTPUT_CRS leer.",
    "The {0} image could not be loaded as a raster layer.":
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
    (
        "<p>Absolute heights of bright point targets (corner reflectors, poles, building "
        "corners) from <b>one</b> single-look complex image with a long, curved synthetic "
        "aperture, such as TerraSAR-X Staring Spotlight (Duque et al., <i>Absolute height "
        "estimation using a single TerraSAR-X Staring Spotlight acquisition</i>, IEEE GRSL "
        "2015). No DEM and no second image are needed.</p>"
        "<p><b>How</b>: on a curved orbit the azimuth FM rate of a target depends on its "
        "height. The processor focused the image with one reference height, so a target at "
        "another height is slightly defocused: cut into azimuth sub-bands (after deramping "
        "with the local Doppler centroid and removing the azimuth weighting), its sub-band "
        "images shift against each other in proportion to the height error. Each target's "
        "sub-band shifts are measured to a fraction of a pixel and compared with the shifts "
        "predicted from the exact orbit for candidate heights; the height with the smallest "
        "RMS difference is kept (a coarse search over −500 to 9000 m, or HEIGHT_MIN to "
        "HEIGHT_MAX, then a fine one).</p>"
        "<p><b>Input</b>: a TerraSAR-X / TanDEM-X / PAZ SSC product (its folder or its "
        "level1Product XML; the COSAR image is read through GDAL), or a complex GeoTIFF with a "
        "SAR Height "
        "geometry JSON (GEOMETRY, or the .json of the same name next to it). The metadata "
        "must give the orbit, the processed azimuth bandwidth and the height assumed in "
        "focusing (REFERENCE_HEIGHT otherwise). Detected (amplitude or intensity) images "
        "cannot be used: the method needs the phase.</p>"
        "<p><b>Targets</b>: local maxima whose signal-to-clutter ratio (SCR: peak intensity "
        "over the mean clutter intensity around it) is at least SCR_THRESHOLD and stays "
        "within ±SCR_TOLERANCE across the sub-bands without moving in range; AREA limits the "
        "search (projected into the image at the lowest and the highest height searched: "
        "narrow HEIGHT_MIN/HEIGHT_MAX narrow it in range too). 3 to 5 sub-bands work "
        "best.</p>"
        "<p><b>Accuracy</b>: height_std_m is the theoretical standard deviation of the "
        "paper's equation (13) at the target's SCR (about 0.5 m for a 50 dB corner reflector "
        "in TerraSAR-X Staring Spotlight at 47°; tens of metres for natural targets at "
        "15–25 dB). Where it exceeds MAX_HEIGHT_STD the acquisition is unsuitable (for "
        "example any stripmap image: its aperture is far too short) and the target is "
        "reported without a height, with the reason in <i>status</i>. An unmodelled "
        "tropospheric delay biases the heights by a few metres (see point_target_accuracy): "
        "TROPO_DELAY_CORRECTION adds the zenith delay (m) the processor did not assume.</p>"
        "<p><b>Output</b>: a point layer in EPSG:4979 (WGS 84 with ellipsoidal heights as z) "
        "with the fields height_m, height_std_m, residual_rms (RMS of measured minus "
        "predicted sub-band shifts, metres along azimuth), scr_db, n_subbands, line and "
        "sample (the target's position in the SLC) and status. Targets without a height are "
        "placed at the reference height.</p>"
    ): (
        "<p>Absolute Höhen heller Punktziele (Winkelreflektoren, Masten, Gebäudeecken) aus "
        "<b>einem</b> komplexen Single-Look-Bild (SLC) mit langer, gekrümmter synthetischer "
        "Apertur, etwa TerraSAR-X Staring Spotlight (Duque et al., <i>Absolute height "
        "estimation using a single TerraSAR-X Staring Spotlight acquisition</i>, IEEE GRSL "
        "2015). Weder ein DHM noch ein zweites Bild wird benötigt.</p>"
        "<p><b>Verfahren</b>: Auf einer gekrümmten Bahn hängt die Azimut-FM-Rate eines Ziels "
        "von seiner Höhe ab. Der Prozessor hat das Bild mit einer einzigen Referenzhöhe "
        "fokussiert, daher ist ein Ziel in einer anderen Höhe leicht defokussiert: In "
        "Azimut-Teilbänder zerlegt (nach dem Deramping mit dem lokalen Doppler-Schwerpunkt "
        "und dem Entfernen der Azimutgewichtung), verschieben sich seine Teilbandbilder "
        "gegeneinander proportional zum Höhenfehler. Die Teilbandverschiebungen jedes Ziels "
        "werden auf Bruchteile eines Pixels gemessen und mit den Verschiebungen verglichen, "
        "die die exakte Bahn für Kandidatenhöhen vorhersagt; die Höhe mit der kleinsten "
        "RMS-Abweichung wird behalten (eine grobe Suche über −500 bis 9000 m bzw. HEIGHT_MIN "
        "bis HEIGHT_MAX, dann eine feine).</p>"
        "<p><b>Eingabe</b>: ein TerraSAR-X-/TanDEM-X-/PAZ-SSC-Produkt (sein Ordner oder seine "
        "level1Product-XML; das COSAR-Bild wird über GDAL gelesen) oder ein komplexes "
        "GeoTIFF mit einer SAR-Height-Geometrie-JSON (GEOMETRY oder die gleichnamige .json "
        "daneben). Die Metadaten müssen die Bahn, die prozessierte Azimutbandbreite und die "
        "bei der Fokussierung angenommene Höhe angeben (sonst REFERENCE_HEIGHT). Detektierte "
        "Bilder (Amplitude oder Intensität) sind nicht verwendbar: Das Verfahren braucht die "
        "Phase.</p>"
        "<p><b>Ziele</b>: lokale Maxima, deren Signal-Clutter-Verhältnis (SCR: "
        "Spitzenintensität geteilt durch die mittlere Clutter-Intensität ringsum) mindestens "
        "SCR_THRESHOLD beträgt und über die Teilbänder innerhalb von ±SCR_TOLERANCE bleibt, "
        "ohne sich in Entfernungsrichtung zu verschieben; AREA begrenzt die Suche (ins Bild "
        "projiziert in der niedrigsten und der höchsten gesuchten Höhe: enge "
        "HEIGHT_MIN/HEIGHT_MAX grenzen sie auch in Entfernungsrichtung ein). 3 bis 5 "
        "Teilbänder funktionieren am besten.</p>"
        "<p><b>Genauigkeit</b>: height_std_m ist die theoretische Standardabweichung nach "
        "Gleichung (13) des Artikels beim SCR des Ziels (etwa 0,5 m für einen "
        "Winkelreflektor mit 50 dB in TerraSAR-X Staring Spotlight bei 47°; Dutzende Meter "
        "für natürliche Ziele mit 15–25 dB). Übersteigt sie MAX_HEIGHT_STD, ist die Aufnahme "
        "ungeeignet (zum Beispiel jedes Stripmap-Bild: seine Apertur ist viel zu kurz), und "
        "das Ziel wird ohne Höhe gemeldet, mit dem Grund in <i>status</i>. Eine nicht "
        "modellierte troposphärische Verzögerung verfälscht die Höhen um einige Meter (siehe "
        "point_target_accuracy): TROPO_DELAY_CORRECTION fügt die Zenitverzögerung (m) hinzu, "
        "die der Prozessor nicht angenommen hat.</p>"
        "<p><b>Ausgabe</b>: ein Punktlayer in EPSG:4979 (WGS 84 mit ellipsoidischen Höhen "
        "als z) mit den Feldern height_m, height_std_m, residual_rms (RMS der gemessenen "
        "minus der vorhergesagten Teilbandverschiebungen, Meter in Azimutrichtung), scr_db, "
        "n_subbands, line und sample (die Position des Ziels im SLC) und status. Ziele ohne "
        "Höhe werden in der Referenzhöhe platziert.</p>"
    ),
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
    "HEIGHT_MIN ({0:g} m) must be below HEIGHT_MAX ({1:g} m).":
        "HEIGHT_MIN ({0:g} m) muss unter HEIGHT_MAX ({1:g} m) liegen.",
    "SLC {0}: {1} lines x {2} samples, {3} {4}, imaging mode {5}, processed azimuth bandwidth "
    "{6} Hz, reference height {7}.":
        "SLC {0}: {1} Zeilen x {2} Spalten, {3} {4}, Aufnahmemodus {5}, prozessierte "
        "Azimutbandbreite {6} Hz, Referenzhöhe {7}.",
    "AREA does not overlap the SLC: choose an extent inside the image's footprint, or leave "
    "AREA empty.":
        "AREA überlappt das SLC nicht: wählen Sie eine Ausdehnung innerhalb des "
        "Aufnahmebereichs des Bildes oder lassen Sie AREA leer.",
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
    (
        "<p>Expected accuracy of the absolute height of a point target measured from one "
        "long-aperture SAR acquisition (Duque et al., <i>Absolute height estimation using a "
        "single TerraSAR-X Staring Spotlight acquisition</i>, IEEE GRSL 2015), for planning "
        "before ordering data or deploying corner reflectors. The defaults are TerraSAR-X "
        "Staring Spotlight: 47.3° incidence, 38.3 kHz azimuth bandwidth, 5 sub-bands, a "
        "corner reflector with 50 dB signal-to-clutter ratio (SCR), 514 km orbit height, "
        "7600 m/s, X band.</p>"
        "<p><b>Height standard deviation</b>: the paper's equation (13). It falls with the "
        "square of the azimuth bandwidth and with the square root of the SCR, and grows with "
        "the number of sub-bands (3 to 5 work best in practice) and towards steep incidence. "
        "Stripmap bandwidths (a few kHz) give hundreds of metres or more: only long apertures "
        "such as Staring Spotlight are suitable.</p>"
        "<p><b>Biases</b>: the orbit bias of the paper's equation (7) for a range orbit "
        "error (2 cm for TerraSAR-X), and the height bias of a 20 cm and a 40 cm error of the "
        "zenith tropospheric delay assumed in focusing, computed numerically from the exact "
        "range history on a TerraSAR-X-like orbit at the given latitude and pass direction: "
        "the bias <i>point_target_height</i> measures on simulated data focused with that "
        "error (docs/point_target.md compares it with the paper's Table II); remove it "
        "with point_target_height's tropospheric correction.</p>"
        "<p>The results also give the slant range, the integration time that spans the "
        "bandwidth, the azimuth FM rate and its change per metre of height. The optional "
        "table holds the height standard deviation for 2, 3, 5, 7, 12 and 15 sub-bands at "
        "SCRs from 15 dB (natural targets) to 50 dB (corner reflectors) for this "
        "geometry.</p>"
    ): (
        "<p>Erwartete Genauigkeit der absoluten Höhe eines Punktziels, gemessen aus einer "
        "einzigen SAR-Aufnahme mit langer Apertur (Duque et al., <i>Absolute height "
        "estimation using a single TerraSAR-X Staring Spotlight acquisition</i>, IEEE GRSL "
        "2015), zur Planung vor der Bestellung von Daten oder dem Aufstellen von "
        "Winkelreflektoren. Die Voreinstellungen entsprechen TerraSAR-X Staring Spotlight: "
        "47,3° Einfallswinkel, 38,3 kHz Azimutbandbreite, 5 Teilbänder, ein Winkelreflektor "
        "mit 50 dB Signal-Clutter-Verhältnis (SCR), 514 km Bahnhöhe, 7600 m/s, X-Band.</p>"
        "<p><b>Standardabweichung der Höhe</b>: Gleichung (13) des Artikels. Sie sinkt mit "
        "dem Quadrat der Azimutbandbreite und mit der Quadratwurzel des SCR und wächst mit "
        "der Zahl der Teilbänder (3 bis 5 bewähren sich in der Praxis am besten) und zu "
        "steilem Einfall hin. Stripmap-Bandbreiten (einige kHz) ergeben Hunderte Meter oder "
        "mehr: Nur lange Aperturen wie Staring Spotlight sind geeignet.</p>"
        "<p><b>Bias</b>: der Bahn-Bias nach Gleichung (7) des Artikels für einen Bahnfehler "
        "in Entfernungsrichtung (2 cm bei TerraSAR-X) sowie der Höhen-Bias bei einem Fehler "
        "von 20 cm und von 40 cm in der bei der Fokussierung angenommenen troposphärischen "
        "Zenitverzögerung, numerisch aus der exakten Entfernungsgeschichte auf einer "
        "TerraSAR-X-ähnlichen Bahn bei der gegebenen geographischen Breite und "
        "Überflugrichtung berechnet: der Bias, den <i>point_target_height</i> auf simulierten, "
        "mit diesem Fehler fokussierten Daten misst (docs/point_target.md vergleicht ihn "
        "mit Tabelle II des Artikels); entfernen Sie ihn mit der troposphärischen Korrektur "
        "von point_target_height.</p>"
        "<p>Die Ergebnisse nennen außerdem die Schrägentfernung, die Integrationszeit, die "
        "die Bandbreite überspannt, die Azimut-FM-Rate und ihre Änderung je Meter Höhe. Die "
        "optionale Tabelle enthält die Standardabweichung der Höhe für 2, 3, 5, 7, 12 und 15 "
        "Teilbänder bei SCR von 15 dB (natürliche Ziele) bis 50 dB (Winkelreflektoren) für "
        "diese Geometrie.</p>"
    ),
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
    "Or choose Phase-only correlation as MATCHER: it needs no onnxruntime.":
        "Oder wählen Sie Phasenkorrelation (phase-only correlation) als MATCHER: sie braucht "
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
    "Prior DEM: block means every {0:g} m ({1} cells), ellipsoidal heights; {2}.":
        "A-priori-DHM: Blockmittel alle {0:g} m ({1} Zellen), ellipsoidische Höhen; {2}.",
    "{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to {6:.1f} m; "
    "median uncertainty {7:.1f} m (1 sigma).":
        "{0} Kacheln zu {1} x {2} Pixeln, Überlappung {3}; {4} Höhen von {5:.1f} m bis "
        "{6:.1f} m; mittlere Unsicherheit (Median) {7:.1f} m (1 Sigma).",
}

# (context, English source text) -> German, for the rare context-specific wording.
CONTEXT_TRANSLATIONS = {}


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
