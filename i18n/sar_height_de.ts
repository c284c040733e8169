<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>@default</name>
        <message>
            <location filename="../processing_provider/common.py" line="97" />
            <source>DEM vertical datum</source>
            <translation>Vertikales Datum des DHM</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="97" />
            <source>From file (SRTM convention EGM96 when unstated)</source>
            <translation>Aus der Datei (ohne Angabe: SRTM-Konvention EGM96)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="97" />
            <source>EGM96 geoid</source>
            <translation>EGM96-Geoid</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="97" />
            <source>WGS84 ellipsoid</source>
            <translation>WGS84-Ellipsoid</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="97" />
            <source>EGM2008 geoid (needs PROJ grid)</source>
            <translation>EGM2008-Geoid (benötigt PROJ-Gitter)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="121" />
            <source>The Python module '{0}' is missing. Install it (Debian/Ubuntu: sudo apt install {1}; elsewhere: python -m pip install {2}) and restart QGIS.</source>
            <translation>Das Python-Modul '{0}' fehlt. Installieren Sie es (Debian/Ubuntu: sudo apt install {1}; sonst: python -m pip install {2}) und starten Sie QGIS neu.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="31" />
            <source>Backscatter law</source>
            <translation>Rückstreugesetz</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="31" />
            <source>Muhleman (natural terrain)</source>
            <translation>Muhleman (natürliches Gelände)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="31" />
            <source>Cosine squared</source>
            <translation>Kosinus zum Quadrat</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="38" />
            <source>Block size (DEM rows per block)</source>
            <translation>Blockgröße (DHM-Zeilen pro Block)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="127" />
            <source>The Python module '{0}' is missing. Install it into the Python that QGIS uses (Debian/Ubuntu: python3 -m pip install --user {0}; Windows: run 'python -m pip install {0}' in the OSGeo4W shell) and restart QGIS.</source>
            <translation>Das Python-Modul '{0}' fehlt. Installieren Sie es in das Python, das QGIS verwendet (Debian/Ubuntu: python3 -m pip install --user {0}; Windows: 'python -m pip install {0}' in der OSGeo4W-Shell ausführen) und starten Sie QGIS neu.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="45" />
            <source>SAR image values</source>
            <translation>Werte des SAR-Bilds</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="45" />
            <source>Intensity (power, linear)</source>
            <translation>Intensität (Leistung, linear)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="45" />
            <source>Amplitude (squared here)</source>
            <translation>Amplitude (wird hier quadriert)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="45" />
            <source>Decibels (dB)</source>
            <translation>Dezibel (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="53" />
            <source>SAR products (*.safe *.SAFE *.zip *.xml *.json);;All files (*)</source>
            <translation>SAR-Produkte (*.safe *.SAFE *.zip *.xml *.json);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="76" />
            <source>SAR product or geometry file</source>
            <translation>SAR-Produkt oder Geometriedatei</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="78" />
            <source>Swath (multi-swath products, e.g. IW2; empty = the one covering the DEM)</source>
            <translation>Subswath (Produkte mit mehreren Streifen, z. B. IW2; leer = der Streifen, der das DHM abdeckt)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="81" />
            <source>Polarisation (e.g. VV; empty = co-polarisation)</source>
            <translation>Polarisation (z. B. VV; leer = Kopolarisation)</translation>
        </message>
    </context>
    <context>
        <name>CompareDemAlgorithm</name>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="29" />
            <source>all</source>
            <translation>alle</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="30" />
            <source>clear</source>
            <translation>frei</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="31" />
            <source>layover</source>
            <translation>Layover</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="32" />
            <source>shadow</source>
            <translation>Schatten</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="33" />
            <source>layover+shadow</source>
            <translation>Layover+Schatten</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="61" />
            <source>Compare DEM with reference</source>
            <translation>DHM mit Referenz vergleichen</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="63" />
            <source>&lt;p&gt;Evaluates a DEM (for example one estimated from SAR) against a reference DEM. The error is estimate − reference in metres, after converting both to WGS84 ellipsoidal heights with their vertical datums. The estimate is resampled bilinearly onto the reference grid (any CRS); the reference is processed in row strips, so large references need little memory.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Statistics&lt;/b&gt;: bias (mean error), RMSE, MAE, NMAD = 1.4826 × median |e − median e| (robust to outliers; from a 1 cm histogram, exact to about 1.5 cm), the percentage of compared cells within ±1, 2, 5, 10 and 20 m, and the coverage: the percentage of reference cells for which the estimate has a height.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Mask&lt;/b&gt; (optional): a raster of integer classes, on the reference grid or on the estimate's grid, e.g. the layover/shadow mask of &lt;i&gt;Simulate SAR image&lt;/i&gt; (0 clear, 1 layover, 2 shadow, 3 both, 255 nodata). Statistics are then also given per class.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs&lt;/b&gt;: the numbers (also in qgis_process JSON results), an error raster on the reference grid (float32, blue = estimate too low, red = too high) and an HTML report with the tables and an error histogram.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Bewertet ein DHM (zum Beispiel ein aus SAR geschätztes) anhand eines Referenz-DHM. Der Fehler ist Schätzung − Referenz in Metern, nachdem beide mit ihren vertikalen Datums in ellipsoidische WGS84-Höhen umgerechnet wurden. Die Schätzung wird bilinear auf das Raster der Referenz umgetastet (beliebiges KBS); die Referenz wird in Zeilenstreifen verarbeitet, sodass auch große Referenzen wenig Speicher brauchen.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Statistik&lt;/b&gt;: Bias (mittlerer Fehler), RMSE, MAE, NMAD = 1,4826 × Median |e − Median e| (robust gegen Ausreißer; aus einem 1-cm-Histogramm, auf etwa 1,5 cm genau), der Anteil der verglichenen Zellen innerhalb ±1, 2, 5, 10 und 20 m sowie die Abdeckung: der Anteil der Referenzzellen, für die die Schätzung eine Höhe hat.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Maske&lt;/b&gt; (optional): ein Raster ganzzahliger Klassen im Raster der Referenz oder der Schätzung, z. B. die Layover-/Schattenmaske von &lt;i&gt;SAR-Bild simulieren&lt;/i&gt; (0 frei, 1 Layover, 2 Schatten, 3 beides, 255 keine Daten). Die Statistik wird dann auch je Klasse angegeben.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgaben&lt;/b&gt;: die Kennzahlen (auch in den JSON-Ergebnissen von qgis_process), ein Fehlerraster im Raster der Referenz (float32, blau = Schätzung zu niedrig, rot = zu hoch) und ein HTML-Bericht mit den Tabellen und einem Fehlerhistogramm.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="84" />
            <source>DEM to evaluate (estimate, heights in metres)</source>
            <translation>Zu bewertendes DHM (Schätzung, Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="87" />
            <source>Reference DEM (heights in metres)</source>
            <translation>Referenz-DHM (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="90" />
            <source>Reference DEM vertical datum</source>
            <translation>Vertikales Datum des Referenz-DHM</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="92" />
            <source>Class mask (e.g. layover/shadow mask of Simulate SAR image)</source>
            <translation>Klassenmaske (z. B. Layover-/Schattenmaske von SAR-Bild simulieren)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="95" />
            <source>Block size (reference rows per strip)</source>
            <translation>Blockgröße (Referenzzeilen pro Streifen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="100" />
            <source>Error (estimate − reference, m)</source>
            <translation>Fehler (Schätzung − Referenz, m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="102" />
            <source>Evaluation report</source>
            <translation>Bewertungsbericht</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="102" />
            <source>HTML files (*.html *.htm)</source>
            <translation>HTML-Dateien (*.html *.htm)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="106" />
            <source>Bias (mean error, m)</source>
            <translation>Bias (mittlerer Fehler, m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="107" />
            <source>RMSE (m)</source>
            <translation>RMSE (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="108" />
            <source>MAE (mean absolute error, m)</source>
            <translation>MAE (mittlerer absoluter Fehler, m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="109" />
            <source>NMAD (m)</source>
            <translation>NMAD (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="110" />
            <source>Within ±1 m (%)</source>
            <translation>Innerhalb ±1 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="111" />
            <source>Within ±2 m (%)</source>
            <translation>Innerhalb ±2 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="112" />
            <source>Within ±5 m (%)</source>
            <translation>Innerhalb ±5 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="113" />
            <source>Within ±10 m (%)</source>
            <translation>Innerhalb ±10 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="114" />
            <source>Within ±20 m (%)</source>
            <translation>Innerhalb ±20 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="115" />
            <source>Coverage (% of reference cells with an estimate)</source>
            <translation>Abdeckung (% der Referenzzellen mit Schätzung)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="120" />
            <source>The DEM to evaluate. It is resampled bilinearly onto the reference grid; its CRS may differ from the reference's.</source>
            <translation>Das zu bewertende DHM. Es wird bilinear auf das Raster der Referenz umgetastet; sein KBS darf von dem der Referenz abweichen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="122" />
            <source>Vertical datum of the evaluated DEM's heights.</source>
            <translation>Vertikales Datum der Höhen des bewerteten DHM.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="123" />
            <source>The reference DEM. Its grid is the grid of the error raster and of all statistics.</source>
            <translation>Das Referenz-DHM. Sein Raster ist das Raster des Fehlerrasters und aller Statistiken.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="125" />
            <source>Vertical datum of the reference heights.</source>
            <translation>Vertikales Datum der Referenzhöhen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="126" />
            <source>Integer class raster on the reference grid or on the evaluated DEM's grid (e.g. OUTPUT_MASK of Simulate SAR image run on that DEM). Its nodata cells count in 'all' only.</source>
            <translation>Raster ganzzahliger Klassen im Raster der Referenz oder des bewerteten DHM (z. B. OUTPUT_MASK von SAR-Bild simulieren, auf diesem DHM ausgeführt). Zellen ohne Daten zählen nur in 'alle'.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="129" />
            <source>Reference rows processed at a time (memory versus speed).</source>
            <translation>Gleichzeitig verarbeitete Referenzzeilen (Speicher gegen Geschwindigkeit).</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="131" />
            <source>Float32 GeoTIFF of estimate − reference in metres on the reference grid, NaN where either has no height.</source>
            <translation>Float32-GeoTIFF von Schätzung − Referenz in Metern im Raster der Referenz, NaN wo eines der beiden keine Höhe hat.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="133" />
            <source>Self-contained HTML report: statistics, per-class table and error histogram.</source>
            <translation>Eigenständiger HTML-Bericht: Statistik, Tabelle je Klasse und Fehlerhistogramm.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="154" />
            <source>Output {0}: the report is HTML; give a file name ending in .html, not '{1}'.</source>
            <translation>Ausgabe {0}: der Bericht ist HTML; geben Sie einen Dateinamen mit der Endung .html an, nicht '{1}'.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="164" />
            <source>{0} could not be loaded as a raster layer.</source>
            <translation>{0} konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="181" />
            <source>class {0}</source>
            <translation>Klasse {0}</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="185" />
            <source>class</source>
            <translation>Klasse</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="185" />
            <source>cells</source>
            <translation>Zellen</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="185" />
            <source>cover %</source>
            <translation>Abdeck. %</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="185" />
            <source>bias m</source>
            <translation>Bias m</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="185" />
            <source>RMSE m</source>
            <translation>RMSE m</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="185" />
            <source>MAE m</source>
            <translation>MAE m</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="185" />
            <source>NMAD m</source>
            <translation>NMAD m</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="238" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="242" />
            <source>Estimate: {0}.</source>
            <translation>Schätzung: {0}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="243" />
            <source>Reference: {0}.</source>
            <translation>Referenz: {0}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="245" />
            <source>Mask: {0}.</source>
            <translation>Maske: {0}.</translation>
        </message>
    </context>
    <context>
        <name>EstimateHeightAlgorithm</name>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="71" />
            <source>Estimate height (ASK-UNet)</source>
            <translation>Höhe schätzen (ASK-UNet)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="108" />
            <source>SAR backscatter in map geometry (e.g. reconstructed)</source>
            <translation>SAR-Rückstreuung in Kartengeometrie (z. B. rekonstruiert)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="108" />
            <source>SAR band</source>
            <translation>SAR-Band</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="119" />
            <source>Prior height points</source>
            <translation>Punkte mit A-priori-Höhen</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="122" />
            <source>Height field of the prior points (empty = Z values)</source>
            <translation>Höhenfeld der A-priori-Punkte (leer = Z-Werte)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="126" />
            <source>Prior DEM (sampled every prior spacing)</source>
            <translation>A-priori-DHM (abgetastet im A-priori-Abstand)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="128" />
            <source>Prior spacing on the prior DEM (metres)</source>
            <translation>A-priori-Abstand auf dem A-priori-DHM (Meter)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="132" />
            <source>Height model (ONNX; empty = bundled model)</source>
            <translation>Höhenmodell (ONNX; leer = mitgeliefertes Modell)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="152" />
            <source>Estimated heights</source>
            <translation>Geschätzte Höhen</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="135" />
            <source>Tile size in pixels (multiple of 16; 0 = the model's)</source>
            <translation>Kachelgröße in Pixeln (Vielfaches von 16; 0 = die des Modells)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="135" />
            <source>Tile overlap in pixels (-1 = the model's)</source>
            <translation>Kachelüberlappung in Pixeln (-1 = die des Modells)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="135" />
            <source>Tiles per batch</source>
            <translation>Kacheln pro Stapel</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="135" />
            <source>onnxruntime threads (0 = all cores)</source>
            <translation>onnxruntime-Threads (0 = alle Kerne)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="185" />
            <source>No prior heights given: choose prior height points (PRIOR_POINTS) and/or a prior DEM (PRIOR_DEM).</source>
            <translation>Keine A-priori-Höhen angegeben: wählen Sie Punkte mit A-priori-Höhen (PRIOR_POINTS) und/oder ein A-priori-DHM (PRIOR_DEM).</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="192" />
            <source>The tile size must be a multiple of {0} pixels (or 0 for the model's), not {1}.</source>
            <translation>Die Kachelgröße muss ein Vielfaches von {0} Pixeln sein (oder 0 für die des Modells), nicht {1}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="204" />
            <source>The SAR image could not be loaded as a raster layer.</source>
            <translation>Das SAR-Bild konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="217" />
            <source>SAR image: {0} x {1} pixels, pixel spacing {2:.1f} m (rows) x {3:.1f} m (columns).</source>
            <translation>SAR-Bild: {0} x {1} Pixel, Pixelabstand {2:.1f} m (Zeilen) x {3:.1f} m (Spalten).</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="231" />
            <source>{0} cannot be used: {1}</source>
            <translation>{0} kann nicht verwendet werden: {1}</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="233" />
            <source>Height model: {0}</source>
            <translation>Höhenmodell: {0}</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="280" />
            <source>The prior points have no field '{0}'.</source>
            <translation>Die A-priori-Punkte haben kein Feld '{0}'.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="301" />
            <source>Prior points: {0} of {1} inside the SAR image, taken in their own height system.</source>
            <translation>A-priori-Punkte: {0} von {1} im SAR-Bild, in ihrem eigenen Höhensystem übernommen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="321" />
            <source>Prior DEM: {0} priors every {1:g} m, converted to ellipsoidal heights; {2}.</source>
            <translation>A-priori-DHM: {0} A-priori-Höhen alle {1:g} m, in ellipsoidische Höhen umgerechnet; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="347" />
            <source>{0} prior pixels in all.</source>
            <translation>{0} A-priori-Pixel insgesamt.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="483" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="487" />
            <source>{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to {6:.1f} m.</source>
            <translation>{0} Kacheln zu {1} x {2} Pixeln, Überlappung {3}; {4} Höhen von {5:.1f} m bis {6:.1f} m.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="112" />
            <source>Radar look direction across the image</source>
            <translation>Blickrichtung des Radars quer über das Bild</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="112" />
            <source>From the image metadata (Reconstruct layover backscatter writes it)</source>
            <translation>Aus den Bild-Metadaten (Layover-Rückstreuung rekonstruieren schreibt sie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="112" />
            <source>East (e.g. ascending pass, right-looking)</source>
            <translation>Osten (z. B. aufsteigender Überflug, rechtsblickend)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="112" />
            <source>West (e.g. descending pass, right-looking)</source>
            <translation>Westen (z. B. absteigender Überflug, rechtsblickend)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="163" />
            <source>No height model: the bundled model {0} is missing (the plugin installation is incomplete). Reinstall the plugin, or give an ONNX height model in MODEL.</source>
            <translation>Kein Höhenmodell: das mitgelieferte Modell {0} fehlt (die Installation des Plugins ist unvollständig). Installieren Sie das Plugin neu oder geben Sie unter MODEL ein ONNX-Höhenmodell an.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="493" />
            <source>The image was mirrored left-right for the model (trained on the other look direction) and the heights mirrored back.</source>
            <translation>Das Bild wurde für das Modell links-rechts gespiegelt (es wurde mit der anderen Blickrichtung trainiert) und die Höhen zurückgespiegelt.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="73" />
            <source>&lt;p&gt;Estimates terrain heights from one SAR backscatter image in map geometry and sparse prior heights, with a height network (ASK-UNet: a U-Net with large selective kernel and efficient channel attention blocks) run by onnxruntime.&lt;/p&gt;&lt;p&gt;&lt;b&gt;SAR image&lt;/b&gt;: backscatter on a north-up map grid, best the output of &lt;i&gt;Reconstruct layover backscatter&lt;/i&gt; (the model states whether it was trained on reconstructed or geocoded backscatter). Declare whether it holds intensity, amplitude or dB. The values should be sigma0-calibrated backscatter; the log compares the image's level with the model's training data. The pixel spacing should be close to the one the model was trained for; a warning is given otherwise.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look direction&lt;/b&gt;: which way the radar looked across the image: east (towards increasing columns, e.g. a right-looking satellite on an ascending pass) or west (descending). The bundled model was trained on east-looking images; west-looking ones are mirrored for it and the heights mirrored back. &lt;i&gt;From the image metadata&lt;/i&gt; reads the direction that Reconstruct layover backscatter writes into its outputs; for other images choose it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Priors&lt;/b&gt;: give prior points with a height field (empty field: the points' Z values), a prior DEM sampled every &lt;i&gt;prior spacing&lt;/i&gt; metres, or both (points win where both fall in one pixel). At least one prior must lie inside the SAR image; heights far from all priors are less certain.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Height system&lt;/b&gt;: the model predicts heights relative to its priors, so the output is in the height system of the priors. Heights sampled from the prior DEM are converted to heights above the WGS84 ellipsoid (using the DEM vertical datum); heights of prior points are taken as given, so use ellipsoidal heights there too when both kinds of prior are combined.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Model&lt;/b&gt;: an ONNX height model of SAR Height (empty: the bundled model). Tile size and overlap default to the model's; tiles are blended smoothly, so there are no seams. The output is float32 heights in metres on the SAR image's grid, nodata where the SAR image has none.&lt;/p&gt;&lt;p&gt;Needs the Python module onnxruntime.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Schätzt Geländehöhen aus einem SAR-Rückstreubild in Kartengeometrie und wenigen A-priori-Höhen mit einem Höhennetz (ASK-UNet: ein U-Net mit Large-Selective-Kernel- und Efficient-Channel-Attention-Blöcken), ausgeführt mit onnxruntime.&lt;/p&gt;&lt;p&gt;&lt;b&gt;SAR-Bild&lt;/b&gt;: Rückstreuung auf einem genordeten Kartenraster, am besten die Ausgabe von &lt;i&gt;Layover-Rückstreuung rekonstruieren&lt;/i&gt; (das Modell gibt an, ob es mit rekonstruierter oder geokodierter Rückstreuung trainiert wurde). Geben Sie an, ob es Intensität, Amplitude oder dB enthält. Die Werte sollten sigma0-kalibrierte Rückstreuung sein; das Protokoll vergleicht den Pegel des Bildes mit den Trainingsdaten des Modells. Der Pixelabstand sollte nahe an dem liegen, für den das Modell trainiert wurde; sonst erscheint eine Warnung.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Blickrichtung&lt;/b&gt;: wohin das Radar quer über das Bild blickte: nach Osten (zu wachsenden Spalten, z. B. ein rechtsblickender Satellit im aufsteigenden Überflug) oder nach Westen (absteigend). Das mitgelieferte Modell wurde mit nach Osten blickenden Bildern trainiert; nach Westen blickende werden für es gespiegelt und die Höhen zurückgespiegelt. &lt;i&gt;Aus den Bild-Metadaten&lt;/i&gt; liest die Richtung, die &lt;i&gt;Layover-Rückstreuung rekonstruieren&lt;/i&gt; in seine Ausgaben schreibt; für andere Bilder wählen Sie sie.&lt;/p&gt;&lt;p&gt;&lt;b&gt;A-priori-Höhen&lt;/b&gt;: Punkte mit einem Höhenfeld (leeres Feld: die Z-Werte der Punkte), ein A-priori-DHM, das alle &lt;i&gt;A-priori-Abstand&lt;/i&gt; Meter abgetastet wird, oder beides (fallen beide in ein Pixel, gilt der Punkt). Mindestens eine A-priori-Höhe muss im SAR-Bild liegen; Höhen fern aller A-priori-Höhen sind unsicherer.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Höhensystem&lt;/b&gt;: Das Modell sagt Höhen relativ zu seinen A-priori-Höhen voraus; die Ausgabe liegt daher im Höhensystem der A-priori-Höhen. Aus dem A-priori-DHM entnommene Höhen werden in Höhen über dem WGS84-Ellipsoid umgerechnet (mit dem vertikalen Datum des DHM); Höhen von Punkten werden unverändert übernommen, verwenden Sie dort also ebenfalls ellipsoidische Höhen, wenn Sie beide Arten kombinieren.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Modell&lt;/b&gt;: ein ONNX-Höhenmodell von SAR Height (leer: das mitgelieferte Modell). Kachelgröße und Überlappung kommen standardmäßig aus dem Modell; die Kacheln werden weich überblendet, es entstehen keine Nähte. Die Ausgabe sind float32-Höhen in Metern auf dem Raster des SAR-Bildes, NoData wo das SAR-Bild keine Daten hat.&lt;/p&gt;&lt;p&gt;Benötigt das Python-Modul onnxruntime.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="163" />
            <source>height model</source>
            <translation>Höhenmodell</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="154" />
            <source>Height uncertainty (1 sigma, metres)</source>
            <translation>Höhenunsicherheit (1 Sigma, Meter)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="362" />
            <source>This height model (contract {0}) does not estimate an uncertainty: leave 'Height uncertainty' empty, or use a model of contract 2.</source>
            <translation>Dieses Höhenmodell (Vertrag {0}) schätzt keine Unsicherheit: lassen Sie „Höhenunsicherheit“ leer oder verwenden Sie ein Modell des Vertrags 2.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="391" />
            <source>Prior DEM: block means every {0:g} m ({1} cells), ellipsoidal heights; {2}.</source>
            <translation>A-priori-DHM: Blockmittel alle {0:g} m ({1} Zellen), ellipsoidische Höhen; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="432" />
            <source>{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to {6:.1f} m; median uncertainty {7:.1f} m (1 sigma).</source>
            <translation>{0} Kacheln zu {1} x {2} Pixeln, Überlappung {3}; {4} Höhen von {5:.1f} m bis {6:.1f} m; mittlere Unsicherheit (Median) {7:.1f} m (1 Sigma).</translation>
        </message>
    </context>
    <context>
        <name>PointTargetAccuracyAlgorithm</name>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="63" />
            <source>Point-target height accuracy (planning)</source>
            <translation>Höhengenauigkeit von Punktzielen (Planung)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="95" />
            <source>Incidence angle (degrees)</source>
            <translation>Einfallswinkel (Grad)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="97" />
            <source>Total processed azimuth bandwidth (Hz)</source>
            <translation>Gesamte prozessierte Azimutbandbreite (Hz)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="100" />
            <source>Number of azimuth sub-bands</source>
            <translation>Anzahl der Azimut-Teilbänder</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Signal-to-clutter ratio (dB)</source>
            <translation>Signal-Clutter-Verhältnis (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Orbit height (m)</source>
            <translation>Bahnhöhe (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Satellite velocity (m/s)</source>
            <translation>Geschwindigkeit des Satelliten (m/s)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Wavelength (m)</source>
            <translation>Wellenlänge (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Range orbit error (m, 1 sigma)</source>
            <translation>Bahnfehler in Entfernungsrichtung (m, 1 Sigma)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Latitude of the scene (degrees)</source>
            <translation>Geographische Breite der Szene (Grad)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Pass direction</source>
            <translation>Überflugrichtung</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Ascending</source>
            <translation>Aufsteigend</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>Descending</source>
            <translation>Absteigend</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="104" />
            <source>True zenith tropospheric delay (m)</source>
            <translation>Tatsächliche troposphärische Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="118" />
            <source>Accuracy table (sub-bands x SCR)</source>
            <translation>Genauigkeitstabelle (Teilbänder x SCR)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="122" />
            <source>Height standard deviation, eq. (13) (m)</source>
            <translation>Standardabweichung der Höhe, Gl. (13) (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="123" />
            <source>Height bias of the orbit error, eq. (7) (m)</source>
            <translation>Höhen-Bias durch den Bahnfehler, Gl. (7) (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="124" />
            <source>Height bias of a 20 cm zenith delay error (m)</source>
            <translation>Höhen-Bias bei 20 cm Fehler der Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="125" />
            <source>Height bias of a 40 cm zenith delay error (m)</source>
            <translation>Höhen-Bias bei 40 cm Fehler der Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="126" />
            <source>Slant range (m)</source>
            <translation>Schrägentfernung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="127" />
            <source>Integration time (s)</source>
            <translation>Integrationszeit (s)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="128" />
            <source>Azimuth FM rate (Hz/s)</source>
            <translation>Azimut-FM-Rate (Hz/s)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="129" />
            <source>FM rate change per metre of height (Hz/s/m)</source>
            <translation>Änderung der FM-Rate je Meter Höhe (Hz/s/m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="157" />
            <source>Height standard deviation {0:.2f} m (eq. 13: {1} sub-bands, SCR {2:g} dB, incidence {3:g}°, azimuth bandwidth {4:g} Hz).</source>
            <translation>Standardabweichung der Höhe {0:.2f} m (Gl. 13: {1} Teilbänder, SCR {2:g} dB, Einfallswinkel {3:g}°, Azimutbandbreite {4:g} Hz).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="162" />
            <source>Biases: orbit {0:.2f} m (eq. 7, {1:g} m range error); tropospheric delay error 20 cm: {2:.1f} m, 40 cm: {3:.1f} m.</source>
            <translation>Bias: Bahn {0:.2f} m (Gl. 7, {1:g} m Bahnfehler in Entfernungsrichtung); Fehler der troposphärischen Verzögerung 20 cm: {2:.1f} m, 40 cm: {3:.1f} m.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="167" />
            <source>Slant range {0:.0f} m, integration time {1:.2f} s, azimuth FM rate {2:.0f} Hz/s, {3:.3g} Hz/s per metre of height.</source>
            <translation>Schrägentfernung {0:.0f} m, Integrationszeit {1:.2f} s, Azimut-FM-Rate {2:.0f} Hz/s, {3:.3g} Hz/s je Meter Höhe.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="190" />
            <source>Table: {0} sub-band counts x {1} SCRs.</source>
            <translation>Tabelle: {0} Teilbandanzahlen x {1} SCR-Werte.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="210" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="66" />
            <source>&lt;p&gt;Expected accuracy of the absolute height of a point target measured from one long-aperture SAR acquisition (Duque et al., &lt;i&gt;Absolute height estimation using a single TerraSAR-X Staring Spotlight acquisition&lt;/i&gt;, IEEE GRSL 2015), for planning before ordering data or deploying corner reflectors. The defaults are TerraSAR-X Staring Spotlight: 47.3° incidence, 38.3 kHz azimuth bandwidth, 5 sub-bands, a corner reflector with 50 dB signal-to-clutter ratio (SCR), 514 km orbit height, 7600 m/s, X band.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Height standard deviation&lt;/b&gt;: the paper's equation (13). It falls with the square of the azimuth bandwidth and with the square root of the SCR, and grows with the number of sub-bands (3 to 5 work best in practice) and towards steep incidence. Stripmap bandwidths (a few kHz) give hundreds of metres or more: only long apertures such as Staring Spotlight are suitable.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Biases&lt;/b&gt;: the orbit bias of the paper's equation (7) for a range orbit error (2 cm for TerraSAR-X), and the height bias of a 20 cm and a 40 cm error of the zenith tropospheric delay assumed in focusing, computed numerically from the exact range history on a TerraSAR-X-like orbit at the given latitude and pass direction: the bias &lt;i&gt;point_target_height&lt;/i&gt; measures on simulated data focused with that error (docs/point_target.md compares it with the paper's Table II); remove it with point_target_height's tropospheric correction.&lt;/p&gt;&lt;p&gt;The results also give the slant range, the integration time that spans the bandwidth, the azimuth FM rate and its change per metre of height. The optional table holds the height standard deviation for 2, 3, 5, 7, 12 and 15 sub-bands at SCRs from 15 dB (natural targets) to 50 dB (corner reflectors) for this geometry.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Erwartete Genauigkeit der absoluten Höhe eines Punktziels, gemessen aus einer einzigen SAR-Aufnahme mit langer Apertur (Duque et al., &lt;i&gt;Absolute height estimation using a single TerraSAR-X Staring Spotlight acquisition&lt;/i&gt;, IEEE GRSL 2015), zur Planung vor der Bestellung von Daten oder dem Aufstellen von Winkelreflektoren. Die Voreinstellungen entsprechen TerraSAR-X Staring Spotlight: 47,3° Einfallswinkel, 38,3 kHz Azimutbandbreite, 5 Teilbänder, ein Winkelreflektor mit 50 dB Signal-Clutter-Verhältnis (SCR), 514 km Bahnhöhe, 7600 m/s, X-Band.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Standardabweichung der Höhe&lt;/b&gt;: Gleichung (13) des Artikels. Sie sinkt mit dem Quadrat der Azimutbandbreite und mit der Quadratwurzel des SCR und wächst mit der Zahl der Teilbänder (3 bis 5 bewähren sich in der Praxis am besten) und zu steilem Einfall hin. Stripmap-Bandbreiten (einige kHz) ergeben Hunderte Meter oder mehr: Nur lange Aperturen wie Staring Spotlight sind geeignet.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bias&lt;/b&gt;: der Bahn-Bias nach Gleichung (7) des Artikels für einen Bahnfehler in Entfernungsrichtung (2 cm bei TerraSAR-X) sowie der Höhen-Bias bei einem Fehler von 20 cm und von 40 cm in der bei der Fokussierung angenommenen troposphärischen Zenitverzögerung, numerisch aus der exakten Entfernungsgeschichte auf einer TerraSAR-X-ähnlichen Bahn bei der gegebenen geographischen Breite und Überflugrichtung berechnet: der Bias, den &lt;i&gt;point_target_height&lt;/i&gt; auf simulierten, mit diesem Fehler fokussierten Daten misst (docs/point_target.md vergleicht ihn mit Tabelle II des Artikels); entfernen Sie ihn mit der troposphärischen Korrektur von point_target_height.&lt;/p&gt;&lt;p&gt;Die Ergebnisse nennen außerdem die Schrägentfernung, die Integrationszeit, die die Bandbreite überspannt, die Azimut-FM-Rate und ihre Änderung je Meter Höhe. Die optionale Tabelle enthält die Standardabweichung der Höhe für 2, 3, 5, 7, 12 und 15 Teilbänder bei SCR von 15 dB (natürliche Ziele) bis 50 dB (Winkelreflektoren) für diese Geometrie.&lt;/p&gt;</translation>
        </message>
    </context>
    <context>
        <name>PointTargetHeightAlgorithm</name>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="72" />
            <source>Point-target absolute height (Staring Spotlight)</source>
            <translation>Absolute Höhe von Punktzielen (Staring Spotlight)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="126" />
            <source>Geometry JSON (for a GeoTIFF; empty = the .json of the same name)</source>
            <translation>Geometrie-JSON (für ein GeoTIFF; leer = die gleichnamige .json)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="126" />
            <source>Geometry JSON (*.json)</source>
            <translation>Geometrie-JSON (*.json)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="130" />
            <source>Number of azimuth sub-bands</source>
            <translation>Anzahl der Azimut-Teilbänder</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="133" />
            <source>Minimum signal-to-clutter ratio (dB)</source>
            <translation>Mindest-Signal-Clutter-Verhältnis (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="137" />
            <source>SCR tolerance across sub-bands (± dB)</source>
            <translation>SCR-Toleranz über die Teilbänder (± dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="141" />
            <source>Lowest height to search (m, empty = -500)</source>
            <translation>Niedrigste gesuchte Höhe (m, leer = -500)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="141" />
            <source>Highest height to search (m, empty = 9000)</source>
            <translation>Höchste gesuchte Höhe (m, leer = 9000)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="141" />
            <source>Height assumed in focusing (m; empty = from the metadata)</source>
            <translation>Bei der Fokussierung angenommene Höhe (m; leer = aus den Metadaten)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="150" />
            <source>Tropospheric zenith delay to add (m)</source>
            <translation>Hinzuzufügende troposphärische Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="154" />
            <source>Area to search (empty = the whole image)</source>
            <translation>Suchgebiet (leer = das ganze Bild)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="156" />
            <source>Refuse heights whose expected error exceeds (m)</source>
            <translation>Höhen verwerfen, deren erwarteter Fehler größer ist als (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="156" />
            <source>Most targets to measure (strongest first)</source>
            <translation>Höchstzahl zu messender Ziele (die stärksten zuerst)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="165" />
            <source>Point-target heights</source>
            <translation>Höhen der Punktziele</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="167" />
            <source>Targets with a height</source>
            <translation>Ziele mit Höhe</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="167" />
            <source>Targets without a height</source>
            <translation>Ziele ohne Höhe</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="167" />
            <source>Candidates above the SCR threshold</source>
            <translation>Kandidaten über der SCR-Schwelle</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="167" />
            <source>Expected height error at the SCR threshold (m)</source>
            <translation>Erwarteter Höhenfehler an der SCR-Schwelle (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="181" />
            <source>HEIGHT_MIN ({0:g} m) must be below HEIGHT_MAX ({1:g} m).</source>
            <translation>HEIGHT_MIN ({0:g} m) muss unter HEIGHT_MAX ({1:g} m) liegen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="195" />
            <source>SLC {0}: {1} lines x {2} samples, {3} {4}, imaging mode {5}, processed azimuth bandwidth {6} Hz, reference height {7}.</source>
            <translation>SLC {0}: {1} Zeilen x {2} Spalten, {3} {4}, Aufnahmemodus {5}, prozessierte Azimutbandbreite {6} Hz, Referenzhöhe {7}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="241" />
            <source>AREA does not overlap the SLC: choose an extent inside the image's footprint, or leave AREA empty.</source>
            <translation>AREA überlappt das SLC nicht: wählen Sie eine Ausdehnung innerhalb des Aufnahmebereichs des Bildes oder lassen Sie AREA leer.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="276" />
            <source>{0} candidate(s) above the SCR threshold; expected height error at the threshold {1:.2f} m (eq. 13).</source>
            <translation>{0} Kandidat(en) über der SCR-Schwelle; erwarteter Höhenfehler an der Schwelle {1:.2f} m (Gl. 13).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="285" />
            <source>Target at line {0:.1f}, sample {1:.1f}: height {2:.2f} m ± {3:.2f} m, SCR {4:.1f} dB, residual {5:.3f} m ({6}).</source>
            <translation>Ziel in Zeile {0:.1f}, Spalte {1:.1f}: Höhe {2:.2f} m ± {3:.2f} m, SCR {4:.1f} dB, Residuum {5:.3f} m ({6}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="291" />
            <source>Target at line {0:.1f}, sample {1:.1f}, SCR {2:.1f} dB: no height ({3}).</source>
            <translation>Ziel in Zeile {0:.1f}, Spalte {1:.1f}, SCR {2:.1f} dB: keine Höhe ({3}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="323" />
            <source>Area: lines {0}-{1}, samples {2}-{3}.</source>
            <translation>Gebiet: Zeilen {0}-{1}, Spalten {2}-{3}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="337" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="75" />
            <source>&lt;p&gt;Absolute heights of bright point targets (corner reflectors, poles, building corners) from &lt;b&gt;one&lt;/b&gt; single-look complex image with a long, curved synthetic aperture, such as TerraSAR-X Staring Spotlight (Duque et al., &lt;i&gt;Absolute height estimation using a single TerraSAR-X Staring Spotlight acquisition&lt;/i&gt;, IEEE GRSL 2015). No DEM and no second image are needed.&lt;/p&gt;&lt;p&gt;&lt;b&gt;How&lt;/b&gt;: on a curved orbit the azimuth FM rate of a target depends on its height. The processor focused the image with one reference height, so a target at another height is slightly defocused: cut into azimuth sub-bands (after deramping with the local Doppler centroid and removing the azimuth weighting), its sub-band images shift against each other in proportion to the height error. Each target's sub-band shifts are measured to a fraction of a pixel and compared with the shifts predicted from the exact orbit for candidate heights; the height with the smallest RMS difference is kept (a coarse search over −500 to 9000 m, or HEIGHT_MIN to HEIGHT_MAX, then a fine one).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Input&lt;/b&gt;: a TerraSAR-X / TanDEM-X / PAZ SSC product (its folder or its level1Product XML; the COSAR image is read through GDAL), or a complex GeoTIFF with a SAR Height geometry JSON (GEOMETRY, or the .json of the same name next to it). The metadata must give the orbit, the processed azimuth bandwidth and the height assumed in focusing (REFERENCE_HEIGHT otherwise). Detected (amplitude or intensity) images cannot be used: the method needs the phase.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Targets&lt;/b&gt;: local maxima whose signal-to-clutter ratio (SCR: peak intensity over the mean clutter intensity around it) is at least SCR_THRESHOLD and stays within ±SCR_TOLERANCE across the sub-bands without moving in range; AREA limits the search (projected into the image at the lowest and the highest height searched: narrow HEIGHT_MIN/HEIGHT_MAX narrow it in range too). 3 to 5 sub-bands work best.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Accuracy&lt;/b&gt;: height_std_m is the theoretical standard deviation of the paper's equation (13) at the target's SCR (about 0.5 m for a 50 dB corner reflector in TerraSAR-X Staring Spotlight at 47°; tens of metres for natural targets at 15–25 dB). Where it exceeds MAX_HEIGHT_STD the acquisition is unsuitable (for example any stripmap image: its aperture is far too short) and the target is reported without a height, with the reason in &lt;i&gt;status&lt;/i&gt;. An unmodelled tropospheric delay biases the heights by a few metres (see point_target_accuracy): TROPO_DELAY_CORRECTION adds the zenith delay (m) the processor did not assume.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output&lt;/b&gt;: a point layer in EPSG:4979 (WGS 84 with ellipsoidal heights as z) with the fields height_m, height_std_m, residual_rms (RMS of measured minus predicted sub-band shifts, metres along azimuth), scr_db, n_subbands, line and sample (the target's position in the SLC) and status. Targets without a height are placed at the reference height.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Absolute Höhen heller Punktziele (Winkelreflektoren, Masten, Gebäudeecken) aus &lt;b&gt;einem&lt;/b&gt; komplexen Single-Look-Bild (SLC) mit langer, gekrümmter synthetischer Apertur, etwa TerraSAR-X Staring Spotlight (Duque et al., &lt;i&gt;Absolute height estimation using a single TerraSAR-X Staring Spotlight acquisition&lt;/i&gt;, IEEE GRSL 2015). Weder ein DHM noch ein zweites Bild wird benötigt.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Verfahren&lt;/b&gt;: Auf einer gekrümmten Bahn hängt die Azimut-FM-Rate eines Ziels von seiner Höhe ab. Der Prozessor hat das Bild mit einer einzigen Referenzhöhe fokussiert, daher ist ein Ziel in einer anderen Höhe leicht defokussiert: In Azimut-Teilbänder zerlegt (nach dem Deramping mit dem lokalen Doppler-Schwerpunkt und dem Entfernen der Azimutgewichtung), verschieben sich seine Teilbandbilder gegeneinander proportional zum Höhenfehler. Die Teilbandverschiebungen jedes Ziels werden auf Bruchteile eines Pixels gemessen und mit den Verschiebungen verglichen, die die exakte Bahn für Kandidatenhöhen vorhersagt; die Höhe mit der kleinsten RMS-Abweichung wird behalten (eine grobe Suche über −500 bis 9000 m bzw. HEIGHT_MIN bis HEIGHT_MAX, dann eine feine).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Eingabe&lt;/b&gt;: ein TerraSAR-X-/TanDEM-X-/PAZ-SSC-Produkt (sein Ordner oder seine level1Product-XML; das COSAR-Bild wird über GDAL gelesen) oder ein komplexes GeoTIFF mit einer SAR-Height-Geometrie-JSON (GEOMETRY oder die gleichnamige .json daneben). Die Metadaten müssen die Bahn, die prozessierte Azimutbandbreite und die bei der Fokussierung angenommene Höhe angeben (sonst REFERENCE_HEIGHT). Detektierte Bilder (Amplitude oder Intensität) sind nicht verwendbar: Das Verfahren braucht die Phase.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ziele&lt;/b&gt;: lokale Maxima, deren Signal-Clutter-Verhältnis (SCR: Spitzenintensität geteilt durch die mittlere Clutter-Intensität ringsum) mindestens SCR_THRESHOLD beträgt und über die Teilbänder innerhalb von ±SCR_TOLERANCE bleibt, ohne sich in Entfernungsrichtung zu verschieben; AREA begrenzt die Suche (ins Bild projiziert in der niedrigsten und der höchsten gesuchten Höhe: enge HEIGHT_MIN/HEIGHT_MAX grenzen sie auch in Entfernungsrichtung ein). 3 bis 5 Teilbänder funktionieren am besten.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Genauigkeit&lt;/b&gt;: height_std_m ist die theoretische Standardabweichung nach Gleichung (13) des Artikels beim SCR des Ziels (etwa 0,5 m für einen Winkelreflektor mit 50 dB in TerraSAR-X Staring Spotlight bei 47°; Dutzende Meter für natürliche Ziele mit 15–25 dB). Übersteigt sie MAX_HEIGHT_STD, ist die Aufnahme ungeeignet (zum Beispiel jedes Stripmap-Bild: seine Apertur ist viel zu kurz), und das Ziel wird ohne Höhe gemeldet, mit dem Grund in &lt;i&gt;status&lt;/i&gt;. Eine nicht modellierte troposphärische Verzögerung verfälscht die Höhen um einige Meter (siehe point_target_accuracy): TROPO_DELAY_CORRECTION fügt die Zenitverzögerung (m) hinzu, die der Prozessor nicht angenommen hat.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgabe&lt;/b&gt;: ein Punktlayer in EPSG:4979 (WGS 84 mit ellipsoidischen Höhen als z) mit den Feldern height_m, height_std_m, residual_rms (RMS der gemessenen minus der vorhergesagten Teilbandverschiebungen, Meter in Azimutrichtung), scr_db, n_subbands, line und sample (die Position des Ziels im SLC) und status. Ziele ohne Höhe werden in der Referenzhöhe platziert.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="122" />
            <source>Complex SLC (TerraSAR-X product folder or level1Product XML, or complex GeoTIFF)</source>
            <translation>Komplexes SLC (TerraSAR-X-Produktordner oder level1Product-XML, oder komplexes GeoTIFF)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="122" />
            <source>SLC products (*.xml *.XML *.tif *.tiff);;All files (*)</source>
            <translation>SLC-Produkte (*.xml *.XML *.tif *.tiff);;Alle Dateien (*)</translation>
        </message>
    </context>
    <context>
        <name>ReconstructLayoverAlgorithm</name>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="55" />
            <source>Reconstruct layover backscatter</source>
            <translation>Layover-Rückstreuung rekonstruieren</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="58" />
            <source>&lt;p&gt;Re-allocates the backscatter of a SAR image to the cells of a (coarse) DEM. The DEM is simulated in the product's geometry; this gives, for every radar pixel, the DEM cells that fold into it and their simulated contributions. Each pixel's measured energy is then shared among those cells in proportion to their contributions, so the energy of layover pixels is split between foreslope and valley instead of being copied into every folded cell.&lt;/p&gt;&lt;p&gt;&lt;b&gt;SAR image&lt;/b&gt;: the product's own raster in radar geometry (for Sentinel-1 the measurement TIFF of the chosen swath and polarisation), with exactly as many lines and samples as the product describes. Declare whether it holds intensity (power), amplitude or dB. Nodata, zero and non-finite pixels count as not measured.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Units of the outputs&lt;/b&gt;: flat-equivalent intensity, i.e. a cell's energy divided by the number of radar pixels the cell would cover on flat ground, in the radiometric units of the input (linear, or dB of it). On flat ground it equals the input pixel values; the reconstruction conserves the measured energy exactly, while conventional geocoding inflates it in layover.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs&lt;/b&gt; on the DEM grid: the reconstructed backscatter (nodata in radar shadow and on facets facing away from the radar); the conventionally terrain-geocoded image (each cell takes the radar image at its own position) for comparison; the layover/shadow mask (as in Simulate SAR image); and the mixing count, how many DEM cells share the radar pixel a cell maps to.&lt;/p&gt;&lt;p&gt;The DEM should extend beyond the area of interest by the layover reach: terrain outside it still returns energy into the image but cannot receive its share.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Verteilt die Rückstreuung eines SAR-Bilds auf die Zellen eines (groben) DHM. Das DHM wird in der Geometrie des Produkts simuliert; das liefert für jedes Radarpixel die DHM-Zellen, die hineinfallen, und ihre simulierten Beiträge. Die gemessene Energie jedes Pixels wird dann im Verhältnis dieser Beiträge auf die Zellen aufgeteilt, sodass die Energie von Layover-Pixeln zwischen Vorderhang und Tal geteilt wird, statt in jede überlagerte Zelle kopiert zu werden.&lt;/p&gt;&lt;p&gt;&lt;b&gt;SAR-Bild&lt;/b&gt;: das Raster des Produkts selbst in Radargeometrie (bei Sentinel-1 das Mess-TIFF des gewählten Subswaths und der Polarisation) mit genau so vielen Zeilen und Spalten, wie das Produkt beschreibt. Geben Sie an, ob es Intensität (Leistung), Amplitude oder dB enthält. Pixel ohne Daten, mit null oder nicht endlichen Werten gelten als nicht gemessen.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Einheiten der Ausgaben&lt;/b&gt;: flachäquivalente Intensität, d. h. die Energie einer Zelle geteilt durch die Zahl der Radarpixel, die die Zelle auf ebenem Gelände bedecken würde, in den radiometrischen Einheiten der Eingabe (linear oder deren dB). Auf ebenem Gelände entspricht sie den Pixelwerten der Eingabe; die Rekonstruktion erhält die gemessene Energie exakt, die herkömmliche Geokodierung bläht sie im Layover auf.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgaben&lt;/b&gt; im Raster des DHM: die rekonstruierte Rückstreuung (keine Daten im Radarschatten und auf Facetten, die vom Radar abgewandt sind); das herkömmlich geländegeokodierte Bild (jede Zelle erhält den Wert des Radarbilds an ihrer eigenen Position) zum Vergleich; die Layover-/Schattenmaske (wie in SAR-Bild simulieren); und die Mischungsanzahl, wie viele DHM-Zellen sich das Radarpixel teilen, auf das eine Zelle fällt.&lt;/p&gt;&lt;p&gt;Das DHM sollte über das Untersuchungsgebiet hinaus um die Layover-Reichweite reichen: Gelände außerhalb streut zwar Energie ins Bild, kann seinen Anteil aber nicht erhalten.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="85" />
            <source>SAR image (radar geometry of the product)</source>
            <translation>SAR-Bild (Radargeometrie des Produkts)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="85" />
            <source>SAR band</source>
            <translation>SAR-Band</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="90" />
            <source>Decibels (dB)</source>
            <translation>Dezibel (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="88" />
            <source>Coarse DEM driving the simulation (heights in metres)</source>
            <translation>Grobes DHM für die Simulation (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="90" />
            <source>Output units</source>
            <translation>Einheiten der Ausgabe</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="90" />
            <source>Linear (flat-equivalent intensity)</source>
            <translation>Linear (flachäquivalente Intensität)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="102" />
            <source>Reconstructed backscatter</source>
            <translation>Rekonstruierte Rückstreuung</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="105" />
            <source>Terrain-geocoded backscatter (for comparison)</source>
            <translation>Geländegeokodierte Rückstreuung (zum Vergleich)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="106" />
            <source>Layover/shadow mask</source>
            <translation>Layover-/Schattenmaske</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="107" />
            <source>Mixing count (DEM cells sharing the radar pixel)</source>
            <translation>Mischungsanzahl (DHM-Zellen, die sich das Radarpixel teilen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="124" />
            <source>The SAR image could not be loaded as a raster layer.</source>
            <translation>Das SAR-Bild konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="176" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
    </context>
    <context>
        <name>SarHeightAlgorithm</name>
        <message>
            <location filename="../processing_provider/base.py" line="45" />
            <source>Simulation</source>
            <translation>Simulation</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="46" />
            <source>Layover reconstruction</source>
            <translation>Layover-Rekonstruktion</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="47" />
            <source>Height estimation</source>
            <translation>Höhenschätzung</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="48" />
            <source>Stereo radargrammetry</source>
            <translation>Stereo-Radargrammetrie</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="49" />
            <source>Point targets</source>
            <translation>Punktziele</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="50" />
            <source>Evaluation</source>
            <translation>Bewertung</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="275" />
            <source>The DEM could not be loaded as a raster layer.</source>
            <translation>Das DHM konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="281" />
            <source>No SAR product or geometry file given.</source>
            <translation>Weder SAR-Produkt noch Geometriedatei angegeben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="288" />
            <source>DEM: {0} x {1} cells; {2}.</source>
            <translation>DHM: {0} x {1} Zellen; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="300" />
            <source>Geometry: {0} {1} {2} {3}, {4} lines x {5} samples, {6}-looking.</source>
            <translation>Geometrie: {0} {1} {2} {3}, {4} Zeilen x {5} Spalten, Blickrichtung {6}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="173" />
            <source>Output {0}: only GeoTIFF (.tif) is supported, not '{1}'. Change the file name to end in .tif.</source>
            <translation>Ausgabe {0}: nur GeoTIFF (.tif) wird unterstützt, nicht '{1}'. Ändern Sie die Dateiendung auf .tif.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="326" />
            <source>{0}: no SAR product or geometry file given.</source>
            <translation>{0}: kein SAR-Produkt und keine Geometriedatei angegeben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="334" />
            <source>{0} geometry: {1} {2} {3} {4}, {5} lines x {6} samples, {7}-looking.</source>
            <translation>Geometrie ({0}): {1} {2} {3} {4}, {5} Zeilen x {6} Spalten, Blickrichtung {7}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="150" />
            <source>The {0} file {1} does not exist.</source>
            <translation>Die {0}-Datei {1} existiert nicht.</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="143" />
            <source>{0} received: cancelling.</source>
            <translation>{0} empfangen: Abbruch.</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="194" />
            <source>Interrupted by {0}: no output written.</source>
            <translation>Durch {0} unterbrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="198" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="220" />
            <source>{0} must be a whole number (you gave {1}).</source>
            <translation>{0} muss eine ganze Zahl sein (angegeben: {1}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="223" />
            <source>{0} must be between {1} and {2} (you gave {3}).</source>
            <translation>{0} muss zwischen {1} und {2} liegen (angegeben: {3}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="226" />
            <source>{0} must be at least {1} (you gave {2}).</source>
            <translation>{0} muss mindestens {1} sein (angegeben: {2}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="228" />
            <source>{0} must be at most {1} (you gave {2}).</source>
            <translation>{0} darf höchstens {1} sein (angegeben: {2}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="262" />
            <source>Warning: {0}</source>
            <translation>Warnung: {0}</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="438" />
            <source>The output {0} is the input {1}: {2}. Writing it would destroy the input. Choose another file name for the output {0}.</source>
            <translation>Die Ausgabe {0} ist die Eingabe {1}: {2}. Sie zu schreiben würde die Eingabe zerstören. Wählen Sie einen anderen Dateinamen für die Ausgabe {0}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="445" />
            <source>The outputs {0} and {1} are the same file {2}: one would overwrite the other. Give each output its own file name.</source>
            <translation>Die Ausgaben {0} und {1} sind dieselbe Datei {2}: eine würde die andere überschreiben. Geben Sie jeder Ausgabe einen eigenen Dateinamen.</translation>
        </message>
    </context>
    <context>
        <name>SarHeightPlugin</name>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="87" />
            <source>SAR Height</source>
            <translation>SAR Height</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="88" />
            <source>About SAR Height…</source>
            <translation>Über SAR Height…</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="96" />
            <source>&lt;h3&gt;SAR Height {version}&lt;/h3&gt;&lt;p&gt;Height and terrain tools for synthetic aperture radar images, available in the Processing Toolbox under &lt;i&gt;SAR Height&lt;/i&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;layover backscatter reconstruction&lt;/li&gt;&lt;li&gt;single-image height estimation (ASK-UNet)&lt;/li&gt;&lt;li&gt;stereo radargrammetry&lt;/li&gt;&lt;li&gt;point-target absolute height&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Licence: GNU GPL version 2 or later.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;SAR Height {version}&lt;/h3&gt;&lt;p&gt;Werkzeuge für Höhen und Gelände aus Radarbildern mit synthetischer Apertur (SAR), verfügbar in der Processing-Werkzeugkiste unter &lt;i&gt;SAR Height&lt;/i&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Rekonstruktion der Rückstreuung in Layover-Gebieten&lt;/li&gt;&lt;li&gt;Höhenschätzung aus einem Einzelbild (ASK-UNet)&lt;/li&gt;&lt;li&gt;Stereo-Radargrammetrie&lt;/li&gt;&lt;li&gt;absolute Höhe von Punktzielen&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Lizenz: GNU GPL Version 2 oder später.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="106" />
            <source>About SAR Height</source>
            <translation>Über SAR Height</translation>
        </message>
    </context>
    <context>
        <name>SarHeightProvider</name>
        <message>
            <location filename="../processing_provider/provider.py" line="64" />
            <source>SAR Height</source>
            <translation>SAR Height</translation>
        </message>
    </context>
    <context>
        <name>SimulateSarAlgorithm</name>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="51" />
            <source>Simulate SAR image</source>
            <translation>SAR-Bild simulieren</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="53" />
            <source>&lt;p&gt;Simulates the SAR image a DEM produces in the geometry of a real product (Sentinel-1 SAFE, TerraSAR-X level1Product XML, or a SAR Height geometry JSON). Each DEM cell is located in the radar image by zero-Doppler geo2rdr; its energy is its facet area times a backscatter law of the local incidence angle, spread over the radar pixels it falls into.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs&lt;/b&gt;: the simulated backscatter (linear intensity) in the product's radar geometry, placed on the map with GCPs; a layover/shadow mask, a lookup table (band 1 azimuth line, band 2 range sample of the product raster) and the local incidence angle (degrees), all three on the DEM grid.&lt;/p&gt;&lt;p&gt;&lt;b&gt;DEM vertical datum&lt;/b&gt;: heights are converted to the WGS84 ellipsoid. SRTM DEMs are EGM96; Copernicus DEMs are EGM2008, which needs PROJ's EGM2008 grid.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Speckle looks&lt;/b&gt;: 0 gives a noise-free image; L &amp;gt; 0 multiplies each pixel by Gamma(L, 1/L) noise reproducible with the seed.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Simuliert das SAR-Bild, das ein DHM in der Geometrie eines realen Produkts erzeugt (Sentinel-1 SAFE, TerraSAR-X level1Product XML oder eine SAR-Height-Geometrie-JSON). Jede DHM-Zelle wird mit Zero-Doppler-geo2rdr im Radarbild verortet; ihre Energie ist ihre Facettenfläche mal einem Rückstreugesetz des lokalen Einfallswinkels, verteilt auf die Radarpixel, in die sie fällt.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgaben&lt;/b&gt;: die simulierte Rückstreuung (lineare Intensität) in der Radargeometrie des Produkts, über GCPs in der Karte platziert; eine Layover-/Schattenmaske, eine Lookup-Tabelle (Band 1 Azimutzeile, Band 2 Entfernungsspalte des Produktrasters) und der lokale Einfallswinkel (Grad), alle drei im Raster des DHM.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Vertikales Datum des DHM&lt;/b&gt;: Höhen werden auf das WGS84-Ellipsoid umgerechnet. SRTM-DHM beziehen sich auf EGM96, Copernicus-DHM auf EGM2008, wofür das EGM2008-Gitter von PROJ nötig ist.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Speckle-Looks&lt;/b&gt;: 0 ergibt ein rauschfreies Bild; L &amp;gt; 0 multipliziert jedes Pixel mit Gamma(L, 1/L)-Rauschen, das mit dem Startwert reproduzierbar ist.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="71" />
            <source>DEM (heights in metres)</source>
            <translation>DHM (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="72" />
            <source>Speckle looks (0 = noise-free)</source>
            <translation>Speckle-Looks (0 = rauschfrei)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="75" />
            <source>Random seed (speckle and texture)</source>
            <translation>Zufallsstartwert (Speckle und Textur)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="78" />
            <source>Reflectivity texture (std of log-normal field, 0 = none)</source>
            <translation>Reflektivitätstextur (Standardabweichung des log-normalen Felds, 0 = keine)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="88" />
            <source>Simulated backscatter (radar geometry)</source>
            <translation>Simulierte Rückstreuung (Radargeometrie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="89" />
            <source>Layover/shadow mask</source>
            <translation>Layover-/Schattenmaske</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="90" />
            <source>Radar lookup (line, sample)</source>
            <translation>Radar-Lookup-Tabelle (Zeile, Spalte)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="91" />
            <source>Local incidence angle (degrees)</source>
            <translation>Lokaler Einfallswinkel (Grad)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="122" />
            <source>No output selected: choose at least one.</source>
            <translation>Keine Ausgabe gewählt: wählen Sie mindestens eine.</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="138" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
    </context>
    <context>
        <name>StereoRadargrammetryAlgorithm</name>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="89" />
            <source>Stereo radargrammetry</source>
            <translation>Stereo-Radargrammetrie</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="140" />
            <source>Reference SAR image (radar geometry)</source>
            <translation>Referenz-SAR-Bild (Radargeometrie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="140" />
            <source>Reference band</source>
            <translation>Band des Referenzbilds</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="140" />
            <source>Reference SAR product or geometry file</source>
            <translation>Referenz-SAR-Produkt oder Geometriedatei</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="144" />
            <source>Secondary SAR image (radar geometry)</source>
            <translation>Sekundäres SAR-Bild (Radargeometrie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="144" />
            <source>Secondary band</source>
            <translation>Band des Sekundärbilds</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="144" />
            <source>Secondary SAR product or geometry file</source>
            <translation>Sekundäres SAR-Produkt oder Geometriedatei</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="149" />
            <source>Coarse DEM predicting the patches (optional, heights in metres)</source>
            <translation>Grobes DHM zur Vorhersage der Kacheln (optional, Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="153" />
            <source>Constant terrain height without DEM (m above the WGS84 ellipsoid)</source>
            <translation>Konstante Geländehöhe ohne DHM (m über dem WGS84-Ellipsoid)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="158" />
            <source>Matcher</source>
            <translation>Matcher</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="158" />
            <source>Deep dense matcher (ONNX)</source>
            <translation>Tiefer dichter Matcher (ONNX)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="158" />
            <source>Phase-only correlation</source>
            <translation>Phasenkorrelation</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="162" />
            <source>Deep matcher model (ONNX; empty = the bundled model)</source>
            <translation>Modell des tiefen Matchers (ONNX; leer = mitgeliefertes Modell)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="162" />
            <source>ONNX models (*.onnx);;All files (*)</source>
            <translation>ONNX-Modelle (*.onnx);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="166" />
            <source>Output pixel size in metres (0 = automatic)</source>
            <translation>Ausgabe-Pixelgröße in Metern (0 = automatisch)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="169" />
            <source>Output CRS (projected, metres; empty = the DEM's or the local UTM zone)</source>
            <translation>Ausgabe-KBS (projiziert, Meter; leer = das des DHM oder die lokale UTM-Zone)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="172" />
            <source>Minimum match confidence, 0-1 (empty = the matcher's)</source>
            <translation>Mindestkonfidenz der Zuordnungen, 0-1 (leer = die des Matchers)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="185" />
            <source>Heights (m above the WGS84 ellipsoid)</source>
            <translation>Höhen (m über dem WGS84-Ellipsoid)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="187" />
            <source>Mean match confidence</source>
            <translation>Mittlere Konfidenz der Zuordnungen</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="189" />
            <source>3-D points per cell</source>
            <translation>3-D-Punkte je Zelle</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="192" />
            <source>3-D points</source>
            <translation>3-D-Punkte</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="193" />
            <source>Coverage (% of the cells both images see)</source>
            <translation>Abdeckung (% der Zellen, die beide Bilder sehen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="194" />
            <source>Mean intersection angle (degrees)</source>
            <translation>Mittlerer Schnittwinkel (Grad)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="195" />
            <source>Residual RMS of the intersection (m)</source>
            <translation>RMS des Residuums des Vorwärtsschnitts (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="196" />
            <source>Height precision per pixel of parallax error (m, flat earth)</source>
            <translation>Höhengenauigkeit je Pixel Parallaxenfehler (m, ebene Erde)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="214" />
            <source>The deep matcher needs a model, but none is given (MODEL is empty) and the plugin ships none ({0} does not exist). Choose Phase-only correlation as MATCHER, or give an ONNX matcher model in MODEL.</source>
            <translation>Der tiefe Matcher braucht ein Modell, aber keines ist angegeben (MODEL ist leer) und das Plugin enthält keines ({0} existiert nicht). Wählen Sie Phasenkorrelation (Phase-only correlation) als MATCHER oder geben Sie unter MODEL ein ONNX-Matcher-Modell an.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="226" />
            <source>The output CRS {0} is not a projected CRS in metres: choose one (e.g. the UTM zone of the area), or leave OUTPUT_CRS empty.</source>
            <translation>Das Ausgabe-KBS {0} ist kein projiziertes KBS in Metern: wählen Sie eines (z. B. die UTM-Zone des Gebiets) oder lassen Sie OUTPUT_CRS leer.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="265" />
            <source>The {0} image could not be loaded as a raster layer.</source>
            <translation>Das Bild {0} konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="286" />
            <source>No DEM: the patches are predicted at a constant height of {0:g} m above the WGS84 ellipsoid.</source>
            <translation>Kein DHM: Die Kacheln werden mit einer konstanten Höhe von {0:g} m über dem WGS84-Ellipsoid vorhergesagt.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="294" />
            <source>DEM: {0} x {1} cells; {2}.</source>
            <translation>DHM: {0} x {1} Zellen; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="323" />
            <source>{0} cannot be used: {1}</source>
            <translation>{0} kann nicht verwendet werden: {1}</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="352" />
            <source>Reference</source>
            <translation>Referenzbild</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="355" />
            <source>Secondary</source>
            <translation>Sekundärbild</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="372" />
            <source>Patches of {0} x {0} pixels.</source>
            <translation>Kacheln von {0} x {0} Pixeln.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="380" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="172" />
            <source>Patch size in pixels, a multiple of 16 (0 = the matcher's: the deep model's trained size, 256 for POC)</source>
            <translation>Kachelgröße in Pixeln, ein Vielfaches von 16 (0 = die des Matchers: die Trainingsgröße des tiefen Modells, 256 für die Phasenkorrelation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="214" />
            <source>matcher model</source>
            <translation>Matcher-Modell</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="249" />
            <source>The patch size must be a multiple of {0} pixels of at least 64, not {1} (or 0 for the matcher's own).</source>
            <translation>Die Kachelgröße muss ein Vielfaches von {0} Pixeln und mindestens 64 sein, nicht {1} (oder 0 für die des Matchers).</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="232" />
            <source>Or choose Phase-only correlation as MATCHER: it needs no onnxruntime.</source>
            <translation>Oder wählen Sie Phasenkorrelation (phase-only correlation) als MATCHER: sie braucht kein onnxruntime.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="91" />
            <source>&lt;p&gt;Derives a DEM from two SAR images of the same ground taken from different positions (a stereo pair). Neither image is projected to the ground: the reference image is cut into patches; for each patch a coarse DEM (or a constant height) predicts where its pixels lie in the secondary image, the secondary image is resampled there, and a matcher measures the remaining offsets. Every match is intersected rigorously with both sensors' orbits (range and Doppler equations of both images), which gives a 3-D point; the points are gridded into the output DEM.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Images&lt;/b&gt;: each product's own raster in its radar geometry (slant or ground range, not geocoded), with exactly as many lines and samples as its geometry describes, and the geometry file of each: a Sentinel-1 SAFE (the swath whose size matches the raster is used), a TerraSAR-X level1Product XML, or a SAR Height geometry JSON (any sensor, airborne included). Declare whether the images hold intensity, amplitude or dB; nodata, zero and non-finite pixels count as not measured.&lt;/p&gt;&lt;p&gt;&lt;b&gt;DEM&lt;/b&gt; (optional, recommended in relief): a coarse DEM of the area predicts where each patch lands, so that the matcher only has to find small offsets. Without one, the constant &lt;i&gt;height&lt;/i&gt; above the WGS84 ellipsoid is used.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Matcher&lt;/b&gt;: the deep dense matcher (the default; RoMa-style, trained on simulated SAR stereo pairs, run by onnxruntime: a match and a certainty for every pixel; &lt;i&gt;model&lt;/i&gt; empty = the bundled resources/models/sar_matcher.onnx, or any ONNX file of SAR Height's matcher contract), or phase-only correlation (32-pixel windows every 8 pixels, left-right checked; no onnxruntime needed). The height error and coverage of both on held-out mountains are in the documentation (README, stereo radargrammetry; docs/stereo.md). Matches below the minimum confidence are dropped (empty: 0.8 for the deep matcher's certainty, 0.4 for the correlation peak).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Patch size&lt;/b&gt; (advanced): 0, the default, takes the matcher's own: the size the deep model was trained on (it loses most matches on other sizes), 256 pixels for phase-only correlation. Larger patches need a better DEM prediction, smaller ones cost more overlap.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs&lt;/b&gt; on a north-up grid (output CRS: the DEM's when it is projected, else the local UTM zone; output pixel size 0 = about 1.5 times the spacing of the matches): the heights, float32 metres above the WGS84 ellipsoid (not above the geoid), the confidence-weighted mean of the points in each cell, nodata where no point fell; the mean matcher confidence per cell; and the number of points per cell. The log and the results give the number of points, the coverage (cells with a height among the cells both images see), the intersection angle, the residual of the intersection and the height precision of the geometry: the height error of one pixel of parallax error on flat ground.&lt;/p&gt;&lt;p&gt;The two images must overlap on the ground and see it from different positions: two images of different places, an image with the geometry of another product, or the same geometry twice (no parallax) are refused with a message. Nothing is written when the run fails or is cancelled.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Leitet ein DHM aus zwei SAR-Bildern desselben Geländes ab, die von verschiedenen Positionen aus aufgenommen wurden (ein Stereopaar). Keines der Bilder wird auf den Boden projiziert: Das Referenzbild wird in Kacheln zerlegt; für jede Kachel sagt ein grobes DHM (oder eine konstante Höhe) voraus, wo ihre Pixel im Sekundärbild liegen, das Sekundärbild wird dort neu abgetastet, und ein Matcher misst die verbleibenden Versätze. Jede Zuordnung wird streng mit den Bahnen beider Sensoren geschnitten (Entfernungs- und Doppler-Gleichungen beider Bilder), was einen 3-D-Punkt ergibt; die Punkte werden zum Ausgabe-DHM gerastert.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bilder&lt;/b&gt;: das eigene Raster jedes Produkts in seiner Radargeometrie (Schräg- oder Bodenentfernung, nicht geokodiert), mit genau so vielen Zeilen und Spalten, wie seine Geometrie beschreibt, und die Geometriedatei jedes Bildes: ein Sentinel-1-SAFE (verwendet wird der Subswath, dessen Größe zum Raster passt), eine TerraSAR-X-level1Product-XML oder eine SAR-Height-Geometrie-JSON (jeder Sensor, auch flugzeuggetragene). Geben Sie an, ob die Bilder Intensität, Amplitude oder dB enthalten; NoData-, Null- und nicht endliche Pixel gelten als nicht gemessen.&lt;/p&gt;&lt;p&gt;&lt;b&gt;DHM&lt;/b&gt; (optional, im Relief empfohlen): ein grobes DHM des Gebiets sagt voraus, wohin jede Kachel fällt, sodass der Matcher nur kleine Versätze finden muss. Ohne DHM wird die konstante &lt;i&gt;Höhe&lt;/i&gt; über dem WGS84-Ellipsoid verwendet.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Matcher&lt;/b&gt;: der tiefe dichte Matcher (Voreinstellung; im Stil von RoMa, trainiert mit simulierten SAR-Stereopaaren, ausgeführt mit onnxruntime: eine Zuordnung und eine Sicherheit für jedes Pixel; &lt;i&gt;Modell&lt;/i&gt; leer = das mitgelieferte resources/models/sar_matcher.onnx, oder eine beliebige ONNX-Datei nach dem Matcher-Vertrag von SAR Height) oder Phasenkorrelation (Fenster von 32 Pixeln alle 8 Pixel, mit Links-Rechts-Prüfung; onnxruntime wird nicht benötigt). Höhenfehler und Abdeckung beider über Gebirgen, die nicht im Training vorkamen, stehen in der Dokumentation (README, Stereo-Radargrammetrie; docs/stereo.md). Zuordnungen unter der Mindestkonfidenz werden verworfen (leer: 0,8 für die Sicherheit des tiefen Matchers, 0,4 für das Korrelationsmaximum).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Kachelgröße&lt;/b&gt; (erweitert): 0, die Voreinstellung, übernimmt die des Matchers: die Größe, mit der das tiefe Modell trainiert wurde (bei anderen Größen verliert es die meisten Zuordnungen), 256 Pixel für die Phasenkorrelation. Größere Kacheln brauchen eine bessere Vorhersage durch das DHM, kleinere kosten mehr Überlappung.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgaben&lt;/b&gt; auf einem genordeten Raster (Ausgabe-KBS: das des DHM, wenn es projiziert ist, sonst die lokale UTM-Zone; Ausgabe-Pixelgröße 0 = etwa das 1,5-Fache des Abstands der Zuordnungen): die Höhen, float32 in Metern über dem WGS84-Ellipsoid (nicht über dem Geoid), das mit der Konfidenz gewichtete Mittel der Punkte jeder Zelle, NoData wo kein Punkt fiel; die mittlere Konfidenz des Matchers je Zelle; und die Anzahl der Punkte je Zelle. Protokoll und Ergebnisse nennen die Zahl der Punkte, die Abdeckung (Zellen mit Höhe unter den Zellen, die beide Bilder sehen), den Schnittwinkel, das Residuum des Vorwärtsschnitts und die Höhengenauigkeit der Geometrie: den Höhenfehler eines Pixels Parallaxenfehler auf ebenem Gelände.&lt;/p&gt;&lt;p&gt;Die beiden Bilder müssen sich am Boden überlappen und ihn von verschiedenen Positionen aus sehen: zwei Bilder verschiedener Orte, ein Bild mit der Geometrie eines anderen Produkts oder zweimal dieselbe Geometrie (keine Parallaxe) werden mit einer Meldung abgelehnt. Schlägt der Lauf fehl oder wird er abgebrochen, wird nichts geschrieben.&lt;/p&gt;</translation>
        </message>
    </context>
</TS>
