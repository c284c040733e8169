<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>@default</name>
        <message>
            <location filename="../processing_provider/common.py" line="183" />
            <source>DEM vertical datum</source>
            <translation>Vertikales Datum des DHM</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="183" />
            <source>From file (SRTM convention EGM96 when unstated)</source>
            <translation>Aus der Datei (ohne Angabe: SRTM-Konvention EGM96)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="183" />
            <source>EGM96 geoid</source>
            <translation>EGM96-Geoid</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="183" />
            <source>WGS84 ellipsoid</source>
            <translation>WGS84-Ellipsoid</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="183" />
            <source>EGM2008 geoid (needs PROJ grid)</source>
            <translation>EGM2008-Geoid (benötigt PROJ-Gitter)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="264" />
            <source>The Python module '{0}' is missing. Install it (Debian/Ubuntu: sudo apt install {1}; elsewhere: python -m pip install {2}) and restart QGIS.</source>
            <translation>Das Python-Modul '{0}' fehlt. Installieren Sie es (Debian/Ubuntu: sudo apt install {1}; sonst: python -m pip install {2}) und starten Sie QGIS neu.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="33" />
            <source>Backscatter law</source>
            <translation>Rückstreugesetz</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="33" />
            <source>Muhleman (natural terrain)</source>
            <translation>Muhleman (natürliches Gelände)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="33" />
            <source>Cosine squared</source>
            <translation>Kosinus zum Quadrat</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="40" />
            <source>Block size (DEM rows per block)</source>
            <translation>Blockgröße (DHM-Zeilen pro Block)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="274" />
            <source>The Python module '{0}' is missing. Install it into the Python that QGIS uses (Debian/Ubuntu: python3 -m pip install --user {0}; Windows: run 'python -m pip install {0}' in the OSGeo4W shell) and restart QGIS.</source>
            <translation>Das Python-Modul '{0}' fehlt. Installieren Sie es in das Python, das QGIS verwendet (Debian/Ubuntu: python3 -m pip install --user {0}; Windows: 'python -m pip install {0}' in der OSGeo4W-Shell ausführen) und starten Sie QGIS neu.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="47" />
            <source>SAR image values</source>
            <translation>Werte des SAR-Bilds</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="47" />
            <source>Intensity (power, linear)</source>
            <translation>Intensität (Leistung, linear)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="47" />
            <source>Amplitude (squared here)</source>
            <translation>Amplitude (wird hier quadriert)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="47" />
            <source>Decibels (dB)</source>
            <translation>Dezibel (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="110" />
            <source>Swath (multi-swath products, e.g. IW2; empty = the one covering the DEM)</source>
            <translation>Subswath (Produkte mit mehreren Streifen, z. B. IW2; leer = der Streifen, der das DHM abdeckt)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="113" />
            <source>Polarisation (e.g. VV; empty = co-polarisation)</source>
            <translation>Polarisation (z. B. VV; leer = Kopolarisation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="244" />
            <source>This Python ({0}) has no pip: install pip first (Debian/Ubuntu: sudo apt install python3-pip).</source>
            <translation>Dieses Python ({0}) hat kein pip: Installieren Sie zuerst pip (Debian/Ubuntu: sudo apt install python3-pip).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="248" />
            <source>No Python interpreter of the version QGIS runs ({0}) was found: write its path instead of python3.</source>
            <translation>Es wurde kein Python-Interpreter der Version gefunden, mit der QGIS läuft ({0}): Setzen Sie statt python3 seinen Pfad ein.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="237" />
            <source>The Python module 'onnxruntime' is missing. In the QGIS window, the menu entry Raster &gt; SAR Height &gt; Install onnxruntime… installs it. Elsewhere (qgis_process, scripts), install it into the folder of your QGIS profile that SAR Height adds to Python's path, with this command:
{0}
Then start QGIS or qgis_process again.</source>
            <translation>Das Python-Modul 'onnxruntime' fehlt. Im QGIS-Fenster installiert es der Menüeintrag Raster &gt; SAR Height &gt; onnxruntime installieren…. Andernfalls (qgis_process, Skripte) installieren Sie es mit diesem Befehl in den Ordner Ihres QGIS-Profils, den SAR Height dem Python-Suchpfad hinzufügt:
{0}
Starten Sie danach QGIS bzw. qgis_process neu.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="62" />
            <source>SAR products (manifest.safe *.zip *.json s1*.xml S1*.xml TSX*.xml TDX*.xml PAZ*.xml);;All files (*)</source>
            <translation>SAR-Produkte (manifest.safe *.zip *.json s1*.xml S1*.xml TSX*.xml TDX*.xml PAZ*.xml);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="108" />
            <source>SAR product (.SAFE folder or its manifest.safe, .zip, XML) or geometry JSON</source>
            <translation>SAR-Produkt (.SAFE-Ordner oder dessen manifest.safe, .zip, XML) oder Geometrie-JSON</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="76" />
            <source>Sentinel-1 orbit file (.EOF, POEORB or RESORB; empty = an EOF next to the SAFE, else the annotation's orbit)</source>
            <translation>Sentinel-1-Bahndatei (.EOF, POEORB oder RESORB; leer = eine EOF neben dem SAFE, sonst die Bahn der Annotation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="78" />
            <source>Sentinel-1 orbit files (*.EOF *.eof);;All files (*)</source>
            <translation>Sentinel-1-Bahndateien (*.EOF *.eof);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="40" />
            <source>Parallel workers (threads)</source>
            <translation>Parallele Worker (Threads)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="54" />
            <source>Blocks computed by {0} parallel worker thread(s).</source>
            <translation>Blöcke berechnet von {0} parallelen Worker-Threads.</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="51" />
            <source>Blocks computed on the Dask cluster at {0} by {1} worker thread(s).</source>
            <translation>Blöcke berechnet auf dem Dask-Cluster unter {0} von {1} Worker-Threads.</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="59" />
            <source>Dask scheduler (e.g. tcp://host:8786; empty = this machine)</source>
            <translation>Dask-Scheduler (z. B. tcp://host:8786; leer = dieser Rechner)</translation>
        </message>
    </context>
    <context>
        <name>CompareDemAlgorithm</name>
        <message>
            <location filename="../processing_provider/report_text.py" line="59" />
            <source>all</source>
            <translation>alle</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="60" />
            <source>clear</source>
            <translation>frei</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="61" />
            <source>layover</source>
            <translation>Layover</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="62" />
            <source>shadow</source>
            <translation>Schatten</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="63" />
            <source>layover+shadow</source>
            <translation>Layover+Schatten</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="67" />
            <source>Compare DEM with reference</source>
            <translation>DHM mit Referenz vergleichen</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="72" />
            <source>DEM to evaluate (estimate, heights in metres)</source>
            <translation>Zu bewertendes DHM (Schätzung, Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="75" />
            <source>Reference DEM (heights in metres)</source>
            <translation>Referenz-DHM (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="77" />
            <source>Reference DEM vertical datum</source>
            <translation>Vertikales Datum des Referenz-DHM</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="79" />
            <source>Class mask (e.g. layover/shadow mask of Simulate SAR image)</source>
            <translation>Klassenmaske (z. B. Layover-/Schattenmaske von SAR-Bild simulieren)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="82" />
            <source>Block size (reference rows per strip)</source>
            <translation>Blockgröße (Referenzzeilen pro Streifen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="89" />
            <source>Error (estimate − reference, m)</source>
            <translation>Fehler (Schätzung − Referenz, m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="91" />
            <source>Evaluation report</source>
            <translation>Bewertungsbericht</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="91" />
            <source>HTML files (*.html *.htm)</source>
            <translation>HTML-Dateien (*.html *.htm)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="95" />
            <source>Bias (mean error, m)</source>
            <translation>Bias (mittlerer Fehler, m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="96" />
            <source>RMSE (m)</source>
            <translation>RMSE (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="97" />
            <source>MAE (mean absolute error, m)</source>
            <translation>MAE (mittlerer absoluter Fehler, m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="98" />
            <source>NMAD (m)</source>
            <translation>NMAD (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="99" />
            <source>Within ±1 m (%)</source>
            <translation>Innerhalb ±1 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="100" />
            <source>Within ±2 m (%)</source>
            <translation>Innerhalb ±2 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="101" />
            <source>Within ±5 m (%)</source>
            <translation>Innerhalb ±5 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="102" />
            <source>Within ±10 m (%)</source>
            <translation>Innerhalb ±10 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="103" />
            <source>Within ±20 m (%)</source>
            <translation>Innerhalb ±20 m (%)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="104" />
            <source>Coverage (% of reference cells with an estimate)</source>
            <translation>Abdeckung (% der Referenzzellen mit Schätzung)</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="124" />
            <source>Output {0}: the report is HTML; give a file name ending in .html, not '{1}'.</source>
            <translation>Ausgabe {0}: der Bericht ist HTML; geben Sie einen Dateinamen mit der Endung .html an, nicht '{1}'.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="134" />
            <source>{0} could not be loaded as a raster layer.</source>
            <translation>{0} konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="64" />
            <source>class {0}</source>
            <translation>Klasse {0}</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="47" />
            <source>class</source>
            <translation>Klasse</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="168" />
            <source>cells</source>
            <translation>Zellen</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="168" />
            <source>cover %</source>
            <translation>Abdeck. %</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="52" />
            <source>bias m</source>
            <translation>Bias m</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="53" />
            <source>RMSE m</source>
            <translation>RMSE m</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="54" />
            <source>MAE m</source>
            <translation>MAE m</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="55" />
            <source>NMAD m</source>
            <translation>NMAD m</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="224" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="233" />
            <source>Estimate: {0}.</source>
            <translation>Schätzung: {0}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="234" />
            <source>Reference: {0}.</source>
            <translation>Referenz: {0}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="236" />
            <source>Mask: {0}.</source>
            <translation>Maske: {0}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/compare_dem.py" line="183" />
            <source>{0}: {1} cells, coverage {2} %, bias {3} m, RMSE {4} m, MAE {5} m, NMAD {6} m; within ±1/2/5/10/20 m: {7} %.</source>
            <translation>{0}: {1} Zellen, Abdeckung {2} %, Bias {3} m, RMSE {4} m, MAE {5} m, NMAD {6} m; innerhalb ±1/2/5/10/20 m: {7} %.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="14" />
            <source>en</source>
            <translation>de</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="15" />
            <source>SAR Height – DEM evaluation</source>
            <translation>SAR Height – DHM-Bewertung</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="16" />
            <source>DEM evaluation</source>
            <translation>DHM-Bewertung</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="17" />
            <source>Error = estimate − reference, in metres, after converting both DEMs to WGS84 ellipsoidal heights; the estimate is resampled bilinearly onto the reference grid.</source>
            <translation>Fehler = Schätzung − Referenz, in Metern, nachdem beide DHM in ellipsoidische Höhen über WGS84 umgerechnet wurden; die Schätzung wird bilinear auf das Gitter der Referenz interpoliert.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="21" />
            <source>Inputs</source>
            <translation>Eingaben</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="22" />
            <source>Estimate</source>
            <translation>Schätzung</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="23" />
            <source>Reference</source>
            <translation>Referenz</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="24" />
            <source>{0} ({1} × {2} cells)</source>
            <translation>{0} ({1} × {2} Zellen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="25" />
            <source>Mask</source>
            <translation>Maske</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="26" />
            <source>Error raster</source>
            <translation>Fehlerraster</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="27" />
            <source>Statistics</source>
            <translation>Statistik</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="28" />
            <source>Measure</source>
            <translation>Maß</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="29" />
            <source>Value</source>
            <translation>Wert</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="30" />
            <source>Unit</source>
            <translation>Einheit</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="31" />
            <source>Bias (mean error)</source>
            <translation>Bias (mittlerer Fehler)</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="32" />
            <source>RMSE</source>
            <translation>RMSE</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="33" />
            <source>MAE (mean absolute error)</source>
            <translation>MAE (mittlerer absoluter Fehler)</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="34" />
            <source>NMAD (1.4826 × median |e − median e|)</source>
            <translation>NMAD (1.4826 × Median |e − Median e|)</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="35" />
            <source>Median error</source>
            <translation>Median des Fehlers</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="36" />
            <source>Standard deviation</source>
            <translation>Standardabweichung</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="37" />
            <source>Minimum error</source>
            <translation>Kleinster Fehler</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="38" />
            <source>Maximum error</source>
            <translation>Größter Fehler</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="39" />
            <source>Within ±{0} m</source>
            <translation>Innerhalb ±{0} m</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="40" />
            <source>Coverage (reference cells with an estimate)</source>
            <translation>Abdeckung (Referenzzellen mit Schätzung)</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="42" />
            <source>Compared cells</source>
            <translation>Verglichene Zellen</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="43" />
            <source>Reference cells</source>
            <translation>Referenzzellen</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="44" />
            <source>Per mask class</source>
            <translation>Je Maskenklasse</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="45" />
            <source>No mask given: all cells form one class.</source>
            <translation>Keine Maske angegeben: alle Zellen bilden eine Klasse.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="48" />
            <source>value</source>
            <translation>Wert</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="49" />
            <source>reference cells</source>
            <translation>Referenzzellen</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="50" />
            <source>compared cells</source>
            <translation>verglichene Zellen</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="51" />
            <source>coverage %</source>
            <translation>Abdeckung %</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="56" />
            <source>median m</source>
            <translation>Median m</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="57" />
            <source>std m</source>
            <translation>Std.-abw. m</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="58" />
            <source>|e| ≤ {0} m %</source>
            <translation>|e| ≤ {0} m %</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="65" />
            <source>Error histogram</source>
            <translation>Histogramm der Fehler</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="66" />
            <source>Histogram of the errors from {0} m to {1} m</source>
            <translation>Histogramm der Fehler von {0} m bis {1} m</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="68" />
            <source>Error (m)</source>
            <translation>Fehler (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="69" />
            <source>Cells per bar</source>
            <translation>Zellen je Balken</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="70" />
            <source>All compared cells: {0} bars of {1} m from {2} m to {3} m; {4} of {5} errors lie in the shown range. Black line: zero; orange line: median.</source>
            <translation>Alle verglichenen Zellen: {0} Balken zu {1} m von {2} m bis {3} m; {4} von {5} Fehlern liegen im gezeigten Bereich. Schwarze Linie: null; orange Linie: Median.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="74" />
            <source>Method</source>
            <translation>Methode</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="75" />
            <source>NMAD = {0} × median(|e − median(e)|), robust to outliers.</source>
            <translation>NMAD = {0} × Median(|e − Median(e)|), robust gegen Ausreißer.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="77" />
            <source>Median and NMAD come from a histogram of {0} cm bins over ±{1} m: median exact to within 5 mm, NMAD to within 1.5 cm. Bias, RMSE, MAE and the ±X m shares are exact.</source>
            <translation>Median und NMAD stammen aus einem Histogramm mit Klassen von {0} cm über ±{1} m: der Median ist auf 5 mm genau, die NMAD auf 1.5 cm. Bias, RMSE, MAE und die Anteile innerhalb ±X m sind exakt.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="81" />
            <source>Coverage: share of reference cells holding a height for which the estimate also has one. The ±X m shares are of the compared cells.</source>
            <translation>Abdeckung: Anteil der Referenzzellen mit einer Höhe, für die auch die Schätzung eine hat. Die Anteile innerhalb ±X m beziehen sich auf die verglichenen Zellen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/report_text.py" line="85" />
            <source>Cells without a mask class (mask nodata or outside the mask) count in “all” only.</source>
            <translation>Zellen ohne Maskenklasse (NoData der Maske oder außerhalb der Maske) zählen nur in „alle“.</translation>
        </message>
    </context>
    <context>
        <name>DependencyDialog</name>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="59" />
            <source>Install onnxruntime</source>
            <translation>onnxruntime installieren</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="77" />
            <source>Command:</source>
            <translation>Befehl:</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="81" />
            <source>Not started.</source>
            <translation>Nicht gestartet.</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="99" />
            <source>Install</source>
            <translation>Installieren</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="110" />
            <source>&lt;p&gt;&lt;b&gt;This tool needs the Python module onnxruntime, which is not installed.&lt;/b&gt;&lt;/p&gt;</source>
            <translation>&lt;p&gt;&lt;b&gt;Dieses Werkzeug benötigt das Python-Modul onnxruntime, das nicht installiert ist.&lt;/b&gt;&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="112" />
            <source>&lt;p&gt;The neural tools of SAR Height (height estimation, and stereo radargrammetry with the deep matcher) run their networks with onnxruntime, which QGIS does not include. This installs {0} for the Python of QGIS ({1}) into a folder of your QGIS profile, which SAR Height adds to Python's path:&lt;br&gt;&lt;tt&gt;{2}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;Nothing outside this folder changes; delete the folder to remove onnxruntime again.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Die neuronalen Werkzeuge von SAR Height (Höhenschätzung sowie Stereo-Radargrammetrie mit dem tiefen Matcher) führen ihre Netze mit onnxruntime aus, das QGIS nicht mitbringt. Hiermit wird {0} für das Python von QGIS ({1}) in einen Ordner Ihres QGIS-Profils installiert, den SAR Height dem Python-Suchpfad hinzufügt:&lt;br&gt;&lt;tt&gt;{2}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;Außerhalb dieses Ordners ändert sich nichts; löschen Sie den Ordner, um onnxruntime wieder zu entfernen.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="122" />
            <source>&lt;p&gt;pip installs from the wheel folder {0}, not from the internet.&lt;/p&gt;</source>
            <translation>&lt;p&gt;pip installiert aus dem Wheel-Ordner {0}, nicht aus dem Internet.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="125" />
            <source>&lt;p&gt;pip downloads onnxruntime (about 15 MB) from the Python Package Index.&lt;/p&gt;</source>
            <translation>&lt;p&gt;pip lädt onnxruntime (etwa 15 MB) aus dem Python Package Index herunter.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="128" />
            <source>&lt;p&gt;No onnxruntime release is pinned for this Python: pip takes the newest one that has a wheel for it.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Für dieses Python ist keine onnxruntime-Version festgelegt: pip nimmt die neueste, für die es ein Wheel gibt.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="132" />
            <source>&lt;p&gt;onnxruntime {0} is installed already; installing again replaces the copy in the folder.&lt;/p&gt;</source>
            <translation>&lt;p&gt;onnxruntime {0} ist bereits installiert; eine erneute Installation ersetzt die Kopie im Ordner.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="140" />
            <source>The Python of QGIS ({0}) has no pip. Install pip first (Debian/Ubuntu: sudo apt install python3-pip), then open this dialog again.</source>
            <translation>Das Python von QGIS ({0}) hat kein pip. Installieren Sie zuerst pip (Debian/Ubuntu: sudo apt install python3-pip) und öffnen Sie diesen Dialog dann erneut.</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="144" />
            <source>No Python interpreter of the version QGIS runs was found to run pip with. Run the command above in a shell with the Python that QGIS uses in place of python3, then restart QGIS.</source>
            <translation>Es wurde kein Python-Interpreter der Version gefunden, mit der QGIS läuft, um pip auszuführen. Führen Sie den obigen Befehl in einer Shell aus, mit dem Python, das QGIS verwendet, anstelle von python3, und starten Sie QGIS dann neu.</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="162" />
            <source>Starting pip…</source>
            <translation>pip wird gestartet…</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="211" />
            <source>The installation failed: pip ended with exit code {0}. The log above says why (no connection to the package index, no wheel of {1} for this Python, no write access to the folder …). Nothing was added to QGIS.</source>
            <translation>Die Installation ist fehlgeschlagen: pip endete mit dem Exit-Code {0}. Das Protokoll oben nennt den Grund (keine Verbindung zum Paketindex, kein Wheel von {1} für dieses Python, keine Schreibrechte im Ordner …). QGIS wurde nichts hinzugefügt.</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="217" />
            <source>Checking that onnxruntime loads…</source>
            <translation>Es wird geprüft, ob onnxruntime lädt…</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="224" />
            <source>pip finished, but onnxruntime does not load from {0}: {1}</source>
            <translation>pip ist fertig, aber onnxruntime lädt nicht aus {0}: {1}</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="224" />
            <source>no answer</source>
            <translation>keine Antwort</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="230" />
            <source>Done.</source>
            <translation>Fertig.</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="231" />
            <source>onnxruntime {0} is installed in {1} and loads. The tools can use it now; SAR Height adds the folder to Python's path whenever QGIS starts.</source>
            <translation>onnxruntime {0} ist in {1} installiert und lädt. Die Werkzeuge können es jetzt verwenden; SAR Height fügt den Ordner bei jedem Start von QGIS dem Python-Suchpfad hinzu.</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="239" />
            <source>{0} could not be started: {1}</source>
            <translation>{0} konnte nicht gestartet werden: {1}</translation>
        </message>
        <message>
            <location filename="../plugin/dependency_dialog.py" line="257" />
            <source>The installation was cancelled.</source>
            <translation>Die Installation wurde abgebrochen.</translation>
        </message>
    </context>
    <context>
        <name>EstimateHeightAlgorithm</name>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="74" />
            <source>Estimate height (ASK-UNet)</source>
            <translation>Höhe schätzen (ASK-UNet)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="79" />
            <source>SAR backscatter in map geometry (e.g. reconstructed)</source>
            <translation>SAR-Rückstreuung in Kartengeometrie (z. B. rekonstruiert)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="79" />
            <source>SAR band</source>
            <translation>SAR-Band</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="90" />
            <source>Prior height points</source>
            <translation>Punkte mit A-priori-Höhen</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="93" />
            <source>Height field of the prior points (empty = Z values)</source>
            <translation>Höhenfeld der A-priori-Punkte (leer = Z-Werte)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="97" />
            <source>Prior DEM (sampled every prior spacing)</source>
            <translation>A-priori-DHM (abgetastet im A-priori-Abstand)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="105" />
            <source>Height model (ONNX; empty = bundled model)</source>
            <translation>Höhenmodell (ONNX; leer = mitgeliefertes Modell)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="125" />
            <source>Estimated heights</source>
            <translation>Geschätzte Höhen</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="108" />
            <source>Tile size in pixels (multiple of 16; 0 = the model's)</source>
            <translation>Kachelgröße in Pixeln (Vielfaches von 16; 0 = die des Modells)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="108" />
            <source>Tile overlap in pixels (-1 = the model's)</source>
            <translation>Kachelüberlappung in Pixeln (-1 = die des Modells)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="108" />
            <source>Tiles per batch</source>
            <translation>Kacheln pro Stapel</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="108" />
            <source>onnxruntime threads (0 = all cores)</source>
            <translation>onnxruntime-Threads (0 = alle Kerne)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="165" />
            <source>The tile size must be a multiple of {0} pixels (or 0 for the model's), not {1}.</source>
            <translation>Die Kachelgröße muss ein Vielfaches von {0} Pixeln sein (oder 0 für die des Modells), nicht {1}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="177" />
            <source>The SAR image could not be loaded as a raster layer.</source>
            <translation>Das SAR-Bild konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="190" />
            <source>SAR image: {0} x {1} pixels, pixel spacing {2:.1f} m (rows) x {3:.1f} m (columns).</source>
            <translation>SAR-Bild: {0} x {1} Pixel, Pixelabstand {2:.1f} m (Zeilen) x {3:.1f} m (Spalten).</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="204" />
            <source>{0} cannot be used: {1}</source>
            <translation>{0} kann nicht verwendet werden: {1}</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="206" />
            <source>Height model: {0}</source>
            <translation>Höhenmodell: {0}</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="253" />
            <source>The prior points have no field '{0}'.</source>
            <translation>Die A-priori-Punkte haben kein Feld '{0}'.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="274" />
            <source>Prior points: {0} of {1} inside the SAR image, taken in their own height system.</source>
            <translation>A-priori-Punkte: {0} von {1} im SAR-Bild, in ihrem eigenen Höhensystem übernommen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="295" />
            <source>Prior DEM: {0} priors every {1:g} m, converted to ellipsoidal heights; {2}.</source>
            <translation>A-priori-DHM: {0} A-priori-Höhen alle {1:g} m, in ellipsoidische Höhen umgerechnet; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="335" />
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
            <location filename="../processing_provider/estimate_height.py" line="83" />
            <source>Radar look direction across the image</source>
            <translation>Blickrichtung des Radars quer über das Bild</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="83" />
            <source>From the image metadata (Reconstruct layover backscatter writes it)</source>
            <translation>Aus den Bild-Metadaten (Layover-Rückstreuung rekonstruieren schreibt sie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="83" />
            <source>East (e.g. ascending pass, right-looking)</source>
            <translation>Osten (z. B. aufsteigender Überflug, rechtsblickend)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="83" />
            <source>West (e.g. descending pass, right-looking)</source>
            <translation>Westen (z. B. absteigender Überflug, rechtsblickend)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="513" />
            <source>The image was mirrored left-right for the model (trained on the other look direction) and the heights mirrored back.</source>
            <translation>Das Bild wurde für das Modell links-rechts gespiegelt (es wurde mit der anderen Blickrichtung trainiert) und die Höhen zurückgespiegelt.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="136" />
            <source>height model</source>
            <translation>Höhenmodell</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="127" />
            <source>Height uncertainty (1 sigma, metres)</source>
            <translation>Höhenunsicherheit (1 Sigma, Meter)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="350" />
            <source>This height model (contract {0}) does not estimate an uncertainty: leave 'Height uncertainty' empty, or use a model of contract 2.</source>
            <translation>Dieses Höhenmodell (Vertrag {0}) schätzt keine Unsicherheit: lassen Sie „Höhenunsicherheit“ leer oder verwenden Sie ein Modell des Vertrags 2.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="429" />
            <source>{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to {6:.1f} m; median uncertainty {7:.1f} m (1 sigma).</source>
            <translation>{0} Kacheln zu {1} x {2} Pixeln, Überlappung {3}; {4} Höhen von {5:.1f} m bis {6:.1f} m; mittlere Unsicherheit (Median) {7:.1f} m (1 Sigma).</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="103" />
            <source>Prior DEM vertical datum</source>
            <translation>Vertikales Datum des A-priori-DHM</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="136" />
            <source>No height model: the bundled model {0} is missing (the plugin installation is incomplete). Reinstall the plugin, or give an ONNX height model in {1}.</source>
            <translation>Kein Höhenmodell: das mitgelieferte Modell {0} fehlt (die Installation des Plugins ist unvollständig). Installieren Sie das Plugin neu oder geben Sie unter {1} ein ONNX-Höhenmodell an.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="158" />
            <source>No prior heights given: choose {0} and/or {1}.</source>
            <translation>Keine A-priori-Höhen angegeben: wählen Sie {0} und/oder {1}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="99" />
            <source>Prior spacing on the prior DEM (metres; 0 = every DEM cell)</source>
            <translation>A-priori-Abstand auf dem A-priori-DHM (Meter; 0 = jede DHM-Zelle)</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="380" />
            <source>Prior DEM: block means of {0} x {1} SAR pixels ({2:.0f} x {3:.0f} m, {4} cells), ellipsoidal heights; {5}.</source>
            <translation>A-priori-DHM: Blockmittel über {0} x {1} SAR-Pixel ({2:.0f} x {3:.0f} m, {4} Zellen), ellipsoidische Höhen; {5}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="499" />
            <source>Vertical reference of the heights: that of the prior points (taken as given); written into the GeoTIFF as VERTICAL_REFERENCE.</source>
            <translation>Höhenbezug der Höhen: der der A-priori-Punkte (unverändert übernommen); als VERTICAL_REFERENCE in das GeoTIFF geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="503" />
            <source>Vertical reference of the heights: the WGS 84 ellipsoid (the prior DEM converted from its vertical datum); written into the GeoTIFF as VERTICAL_REFERENCE.</source>
            <translation>Höhenbezug der Höhen: das WGS-84-Ellipsoid (das A-priori-DHM aus seinem vertikalen Datum umgerechnet); als VERTICAL_REFERENCE in das GeoTIFF geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/estimate_height.py" line="507" />
            <source>The prior points were taken as given: they must be ellipsoidal heights too.</source>
            <translation>Die A-priori-Punkte wurden unverändert übernommen: Sie müssen ebenfalls ellipsoidische Höhen sein.</translation>
        </message>
    </context>
    <context>
        <name>PointTargetAccuracyAlgorithm</name>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="79" />
            <source>Point-target height accuracy (planning)</source>
            <translation>Höhengenauigkeit von Punktzielen (Planung)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="98" />
            <source>Number of azimuth sub-bands</source>
            <translation>Anzahl der Azimut-Teilbänder</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="100" />
            <source>Signal-to-clutter ratio (dB)</source>
            <translation>Signal-Clutter-Verhältnis (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Range orbit error (m, 1 sigma)</source>
            <translation>Bahnfehler in Entfernungsrichtung (m, 1 Sigma)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Ascending</source>
            <translation>Aufsteigend</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Descending</source>
            <translation>Absteigend</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>True zenith tropospheric delay (m)</source>
            <translation>Tatsächliche troposphärische Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="122" />
            <source>Accuracy table (sub-bands x SCR)</source>
            <translation>Genauigkeitstabelle (Teilbänder x SCR)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="126" />
            <source>Height standard deviation, eq. (13) (m)</source>
            <translation>Standardabweichung der Höhe, Gl. (13) (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="127" />
            <source>Height bias of the orbit error, eq. (7) (m)</source>
            <translation>Höhen-Bias durch den Bahnfehler, Gl. (7) (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="128" />
            <source>Height bias of a 20 cm zenith delay error (m)</source>
            <translation>Höhen-Bias bei 20 cm Fehler der Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="129" />
            <source>Height bias of a 40 cm zenith delay error (m)</source>
            <translation>Höhen-Bias bei 40 cm Fehler der Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="130" />
            <source>Slant range (m)</source>
            <translation>Schrägentfernung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="131" />
            <source>Integration time (s)</source>
            <translation>Integrationszeit (s)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="132" />
            <source>Azimuth FM rate (Hz/s)</source>
            <translation>Azimut-FM-Rate (Hz/s)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="133" />
            <source>FM rate change per metre of height (Hz/s/m)</source>
            <translation>Änderung der FM-Rate je Meter Höhe (Hz/s/m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="202" />
            <source>Height standard deviation {0:.2f} m (eq. 13: {1} sub-bands, SCR {2:g} dB, incidence {3:g}°, azimuth bandwidth {4:g} Hz).</source>
            <translation>Standardabweichung der Höhe {0:.2f} m (Gl. 13: {1} Teilbänder, SCR {2:g} dB, Einfallswinkel {3:g}°, Azimutbandbreite {4:g} Hz).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="207" />
            <source>Biases: orbit {0:.2f} m (eq. 7, {1:g} m range error); tropospheric delay error 20 cm: {2:.1f} m, 40 cm: {3:.1f} m.</source>
            <translation>Bias: Bahn {0:.2f} m (Gl. 7, {1:g} m Bahnfehler in Entfernungsrichtung); Fehler der troposphärischen Verzögerung 20 cm: {2:.1f} m, 40 cm: {3:.1f} m.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="212" />
            <source>Slant range {0:.0f} m, integration time {1:.2f} s, azimuth FM rate {2:.0f} Hz/s, {3:.3g} Hz/s per metre of height.</source>
            <translation>Schrägentfernung {0:.0f} m, Integrationszeit {1:.2f} s, Azimut-FM-Rate {2:.0f} Hz/s, {3:.3g} Hz/s je Meter Höhe.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="235" />
            <source>Table: {0} sub-band counts x {1} SCRs.</source>
            <translation>Tabelle: {0} Teilbandanzahlen x {1} SCR-Werte.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="259" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="89" />
            <source>TerraSAR-X product (folder or level1Product XML)</source>
            <translation>TerraSAR-X-Produkt (Ordner oder level1Product-XML)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="89" />
            <source>TerraSAR-X products (TSX*.xml TDX*.xml PAZ*.xml);;All files (*)</source>
            <translation>TerraSAR-X-Produkte (TSX*.xml TDX*.xml PAZ*.xml);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="93" />
            <source>Incidence angle (degrees; empty = from the product, else 47.3)</source>
            <translation>Einfallswinkel (Grad; leer = aus dem Produkt, sonst 47,3)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="95" />
            <source>Azimuth bandwidth of a target (Hz; empty = from the product, else 38300)</source>
            <translation>Azimutbandbreite eines Ziels (Hz; leer = aus dem Produkt, sonst 38300)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Orbit height (m; empty = from the product, else 514000)</source>
            <translation>Bahnhöhe (m; leer = aus dem Produkt, sonst 514000)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Satellite velocity (m/s; empty = from the product, else 7600)</source>
            <translation>Satellitengeschwindigkeit (m/s; leer = aus dem Produkt, sonst 7600)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Wavelength (m; empty = from the product, else 0.031)</source>
            <translation>Wellenlänge (m; leer = aus dem Produkt, sonst 0,031)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Latitude of the scene (degrees; empty = from the product, else 48.08)</source>
            <translation>Geographische Breite der Szene (Grad; leer = aus dem Produkt, sonst 48,08)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="102" />
            <source>Pass direction (empty = from the product, else ascending)</source>
            <translation>Überflugrichtung (leer = aus dem Produkt, sonst aufsteigend)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="167" />
            <source>Geometry from the product {0}: {1}.</source>
            <translation>Geometrie aus dem Produkt {0}: {1}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_accuracy.py" line="191" />
            <source>Given explicitly, instead of the product's value: {0}.</source>
            <translation>Ausdrücklich angegeben, statt des Werts aus dem Produkt: {0}.</translation>
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
            <location filename="../processing_provider/point_target_height.py" line="85" />
            <source>Geometry JSON (for a GeoTIFF; empty = the .json of the same name)</source>
            <translation>Geometrie-JSON (für ein GeoTIFF; leer = die gleichnamige .json)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="85" />
            <source>Geometry JSON (*.json)</source>
            <translation>Geometrie-JSON (*.json)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="89" />
            <source>Number of azimuth sub-bands</source>
            <translation>Anzahl der Azimut-Teilbänder</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="92" />
            <source>Minimum signal-to-clutter ratio (dB)</source>
            <translation>Mindest-Signal-Clutter-Verhältnis (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="96" />
            <source>SCR tolerance across sub-bands (± dB)</source>
            <translation>SCR-Toleranz über die Teilbänder (± dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="100" />
            <source>Lowest height to search (m, empty = -500)</source>
            <translation>Niedrigste gesuchte Höhe (m, leer = -500)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="100" />
            <source>Highest height to search (m, empty = 9000)</source>
            <translation>Höchste gesuchte Höhe (m, leer = 9000)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="100" />
            <source>Height assumed in focusing (m; empty = from the metadata)</source>
            <translation>Bei der Fokussierung angenommene Höhe (m; leer = aus den Metadaten)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="109" />
            <source>Tropospheric zenith delay to add (m)</source>
            <translation>Hinzuzufügende troposphärische Zenitverzögerung (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="113" />
            <source>Area to search (empty = the whole image)</source>
            <translation>Suchgebiet (leer = das ganze Bild)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="115" />
            <source>Refuse heights whose expected error exceeds (m)</source>
            <translation>Höhen verwerfen, deren erwarteter Fehler größer ist als (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="115" />
            <source>Most targets to measure (strongest first)</source>
            <translation>Höchstzahl zu messender Ziele (die stärksten zuerst)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="124" />
            <source>Point-target heights</source>
            <translation>Höhen der Punktziele</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="126" />
            <source>Targets with a height</source>
            <translation>Ziele mit Höhe</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="126" />
            <source>Targets without a height</source>
            <translation>Ziele ohne Höhe</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="126" />
            <source>Candidates above the SCR threshold</source>
            <translation>Kandidaten über der SCR-Schwelle</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="126" />
            <source>Expected height error at the SCR threshold (m)</source>
            <translation>Erwarteter Höhenfehler an der SCR-Schwelle (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="155" />
            <source>SLC {0}: {1} lines x {2} samples, {3} {4}, imaging mode {5}, processed azimuth bandwidth {6} Hz, reference height {7}.</source>
            <translation>SLC {0}: {1} Zeilen x {2} Spalten, {3} {4}, Aufnahmemodus {5}, prozessierte Azimutbandbreite {6} Hz, Referenzhöhe {7}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="236" />
            <source>{0} candidate(s) above the SCR threshold; expected height error at the threshold {1:.2f} m (eq. 13).</source>
            <translation>{0} Kandidat(en) über der SCR-Schwelle; erwarteter Höhenfehler an der Schwelle {1:.2f} m (Gl. 13).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="245" />
            <source>Target at line {0:.1f}, sample {1:.1f}: height {2:.2f} m ± {3:.2f} m, SCR {4:.1f} dB, residual {5:.3f} m ({6}).</source>
            <translation>Ziel in Zeile {0:.1f}, Spalte {1:.1f}: Höhe {2:.2f} m ± {3:.2f} m, SCR {4:.1f} dB, Residuum {5:.3f} m ({6}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="251" />
            <source>Target at line {0:.1f}, sample {1:.1f}, SCR {2:.1f} dB: no height ({3}).</source>
            <translation>Ziel in Zeile {0:.1f}, Spalte {1:.1f}, SCR {2:.1f} dB: keine Höhe ({3}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="283" />
            <source>Area: lines {0}-{1}, samples {2}-{3}.</source>
            <translation>Gebiet: Zeilen {0}-{1}, Spalten {2}-{3}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="297" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="80" />
            <source>Complex SLC (TerraSAR-X product folder or level1Product XML, or complex GeoTIFF)</source>
            <translation>Komplexes SLC (TerraSAR-X-Produktordner oder level1Product-XML, oder komplexes GeoTIFF)</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="140" />
            <source>{0} ({1:g} m) must be below {2} ({3:g} m).</source>
            <translation>{0} ({1:g} m) muss unter {2} ({3:g} m) liegen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="201" />
            <source>{0} does not overlap the SLC: choose an extent inside the image's footprint, or leave it empty.</source>
            <translation>{0} überlappt das SLC nicht: wählen Sie eine Ausdehnung innerhalb des Aufnahmebereichs des Bildes oder lassen Sie es leer.</translation>
        </message>
        <message>
            <location filename="../processing_provider/point_target_height.py" line="80" />
            <source>SLC products (TSX*.xml TDX*.xml PAZ*.xml *.tif *.tiff);;All files (*)</source>
            <translation>SLC-Produkte (TSX*.xml TDX*.xml PAZ*.xml *.tif *.tiff);;Alle Dateien (*)</translation>
        </message>
    </context>
    <context>
        <name>ReconstructLayoverAlgorithm</name>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="78" />
            <source>Reconstruct layover backscatter</source>
            <translation>Layover-Rückstreuung rekonstruieren</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="84" />
            <source>SAR band</source>
            <translation>SAR-Band</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="92" />
            <source>Decibels (dB)</source>
            <translation>Dezibel (dB)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="90" />
            <source>Coarse DEM driving the simulation (heights in metres)</source>
            <translation>Grobes DHM für die Simulation (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="92" />
            <source>Output units</source>
            <translation>Einheiten der Ausgabe</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="92" />
            <source>Linear (flat-equivalent intensity)</source>
            <translation>Linear (flachäquivalente Intensität)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="107" />
            <source>Reconstructed backscatter</source>
            <translation>Rekonstruierte Rückstreuung</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="110" />
            <source>Terrain-geocoded backscatter (for comparison)</source>
            <translation>Geländegeokodierte Rückstreuung (zum Vergleich)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="111" />
            <source>Layover/shadow mask</source>
            <translation>Layover-/Schattenmaske</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="112" />
            <source>Mixing count (DEM cells sharing the radar pixel)</source>
            <translation>Mischungsanzahl (DHM-Zellen, die sich das Radarpixel teilen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="154" />
            <source>The SAR image could not be loaded as a raster layer.</source>
            <translation>Das SAR-Bild konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="253" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="84" />
            <source>SAR image (radar geometry of the product; empty = the product's own measurement, calibrated)</source>
            <translation>SAR-Bild (Radargeometrie des Produkts; leer = die eigene Messung des Produkts, kalibriert)</translation>
        </message>
        <message>
            <location filename="../processing_provider/reconstruct_layover.py" line="157" />
            <source>The SAR image {0} is used; the measurement in the product {1} is not read.</source>
            <translation>Das SAR-Bild {0} wird verwendet; die Messung im Produkt {1} wird nicht gelesen.</translation>
        </message>
    </context>
    <context>
        <name>SarHeightAbout</name>
        <message>
            <location filename="../plugin/about.py" line="21" />
            <source>{0} (installed by SAR Height)</source>
            <translation>{0} (von SAR Height installiert)</translation>
        </message>
        <message>
            <location filename="../plugin/about.py" line="26" />
            <source>missing (does not load: {0})</source>
            <translation>fehlt (lädt nicht: {0})</translation>
        </message>
        <message>
            <location filename="../plugin/about.py" line="28" />
            <source>missing</source>
            <translation>fehlt</translation>
        </message>
        <message>
            <location filename="../plugin/about.py" line="34" />
            <source>Python modules</source>
            <translation>Python-Module</translation>
        </message>
        <message>
            <location filename="../plugin/about.py" line="71" />
            <source>Install onnxruntime…</source>
            <translation>onnxruntime installieren…</translation>
        </message>
        <message>
            <location filename="../plugin/about.py" line="43" />
            <source>Height estimation and the deep stereo matcher need onnxruntime: install it with the button below (or from the menu: Raster &gt; SAR Height).</source>
            <translation>Die Höhenschätzung und der tiefe Stereo-Matcher benötigen onnxruntime: Installieren Sie es mit der Schaltfläche unten (oder über das Menü: Raster &gt; SAR Height).</translation>
        </message>
    </context>
    <context>
        <name>SarHeightAlgorithm</name>
        <message>
            <location filename="../processing_provider/base.py" line="56" />
            <source>Stereo radargrammetry</source>
            <translation>Stereo-Radargrammetrie</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="454" />
            <source>The DEM could not be loaded as a raster layer.</source>
            <translation>Das DHM konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="460" />
            <source>No SAR product or geometry file given.</source>
            <translation>Weder SAR-Produkt noch Geometriedatei angegeben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="468" />
            <source>DEM: {0} x {1} cells; {2}.</source>
            <translation>DHM: {0} x {1} Zellen; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="480" />
            <source>Geometry: {0} {1} {2} {3}, {4} lines x {5} samples, {6}-looking.</source>
            <translation>Geometrie: {0} {1} {2} {3}, {4} Zeilen x {5} Spalten, Blickrichtung {6}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="320" />
            <source>Output {0}: only GeoTIFF (.tif) is supported, not '{1}'. Change the file name to end in .tif.</source>
            <translation>Ausgabe {0}: nur GeoTIFF (.tif) wird unterstützt, nicht '{1}'. Ändern Sie die Dateiendung auf .tif.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="509" />
            <source>{0}: no SAR product or geometry file given.</source>
            <translation>{0}: kein SAR-Produkt und keine Geometriedatei angegeben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="517" />
            <source>{0} geometry: {1} {2} {3} {4}, {5} lines x {6} samples, {7}-looking.</source>
            <translation>Geometrie ({0}): {1} {2} {3} {4}, {5} Zeilen x {6} Spalten, Blickrichtung {7}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="297" />
            <source>The {0} file {1} does not exist.</source>
            <translation>Die {0}-Datei {1} existiert nicht.</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="181" />
            <source>{0} received: cancelling.</source>
            <translation>{0} empfangen: Abbruch.</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="251" />
            <source>Interrupted by {0}: no output written.</source>
            <translation>Durch {0} unterbrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="255" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="367" />
            <source>{0} must be a whole number (you gave {1}).</source>
            <translation>{0} muss eine ganze Zahl sein (angegeben: {1}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="370" />
            <source>{0} must be between {1} and {2} (you gave {3}).</source>
            <translation>{0} muss zwischen {1} und {2} liegen (angegeben: {3}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="373" />
            <source>{0} must be at least {1} (you gave {2}).</source>
            <translation>{0} muss mindestens {1} sein (angegeben: {2}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="375" />
            <source>{0} must be at most {1} (you gave {2}).</source>
            <translation>{0} darf höchstens {1} sein (angegeben: {2}).</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="438" />
            <source>Warning: {0}</source>
            <translation>Warnung: {0}</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="641" />
            <source>The output {0} is the input {1}: {2}. Writing it would destroy the input. Choose another file name for the output {0}.</source>
            <translation>Die Ausgabe {0} ist die Eingabe {1}: {2}. Sie zu schreiben würde die Eingabe zerstören. Wählen Sie einen anderen Dateinamen für die Ausgabe {0}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="648" />
            <source>The outputs {0} and {1} are the same file {2}: one would overwrite the other. Give each output its own file name.</source>
            <translation>Die Ausgaben {0} und {1} sind dieselbe Datei {2}: eine würde die andere überschreiben. Geben Sie jeder Ausgabe einen eigenen Dateinamen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="53" />
            <source>Getting started</source>
            <translation>Erste Schritte</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="54" />
            <source>Height from one SAR image</source>
            <translation>Höhe aus einem SAR-Bild</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="55" />
            <source>Point targets (Staring Spotlight)</source>
            <translation>Punktziele (Staring Spotlight)</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="57" />
            <source>Validation</source>
            <translation>Validierung</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="140" />
            <source>No SAR image is given in {0}, and the product {1} holds no measurement raster measurement/{2} of {3}/{4} to read instead. Give the SAR image or a complete SAFE with measurement/*.tiff (the .SAFE folder, its manifest.safe or the zip as downloaded).</source>
            <translation>In {0} ist kein SAR-Bild angegeben, und das Produkt {1} enthält kein Messraster measurement/{2} von {3}/{4}, das stattdessen gelesen werden könnte. Geben Sie das SAR-Bild oder ein vollständiges SAFE mit measurement/*.tiff an (den .SAFE-Ordner, seine manifest.safe oder die ZIP-Datei, wie heruntergeladen).</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="148" />
            <source>No SAR image is given in {0}, and the product {1} lacks the calibration annotation annotation/calibration/calibration-{2} that turns its measurement into sigma0. Give the complete SAFE as downloaded (with annotation/calibration/), or give the SAR image, calibrated elsewhere.</source>
            <translation>In {0} ist kein SAR-Bild angegeben, und dem Produkt {1} fehlt die Kalibrierannotation annotation/calibration/calibration-{2}, die seine Messung zu Sigma Null macht. Geben Sie das vollständige SAFE an, wie heruntergeladen (mit annotation/calibration/), oder das anderswo kalibrierte SAR-Bild.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="168" />
            <source>No SAR image is given in {0}, and {1} is not a Sentinel-1 SAFE whose measurement could be read instead. Give the SAR image or a complete SAFE with measurement/*.tiff.</source>
            <translation>In {0} ist kein SAR-Bild angegeben, und {1} ist kein Sentinel-1-SAFE, dessen Messung stattdessen gelesen werden könnte. Geben Sie das SAR-Bild oder ein vollständiges SAFE mit measurement/*.tiff an.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="200" />
            <source>{0} has no noise annotation for {1}/{2}: its sigma0 keeps the thermal noise (dark areas come out brighter). The complete SAFE as downloaded has it.</source>
            <translation>{0} hat keine Rauschannotation für {1}/{2}: Sein Sigma Null behält das thermische Rauschen (dunkle Flächen erscheinen heller). Das vollständige SAFE, wie heruntergeladen, enthält sie.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="268" />
            <source>{0}SAR image: the product's own measurement {1}, calibrated to sigma0 ({2}noise removed), {3} lines x {4} samples, in {5:.1f} s.</source>
            <translation>{0}SAR-Bild: die eigene Messung des Produkts {1}, kalibriert zu Sigma Null ({2}Rauschen entfernt), {3} Zeilen x {4} Spalten, in {5:.1f} s.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="174" />
            <source>No SAR image is given in {0}, and no product either: give the SAR image and its product, or a complete Sentinel-1 SAFE with measurement/*.tiff.</source>
            <translation>In {0} ist kein SAR-Bild angegeben und auch kein Produkt: Geben Sie das SAR-Bild und sein Produkt an oder ein vollständiges Sentinel-1-SAFE mit measurement/*.tiff.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="261" />
            <source>Cannot write the temporary image {0} ({1}): free disk space there or choose another temporary folder in the Processing settings.</source>
            <translation>Das temporäre Bild {0} kann nicht geschrieben werden ({1}): Schaffen Sie dort Platz oder wählen Sie in den Processing-Einstellungen einen anderen temporären Ordner.</translation>
        </message>
    </context>
    <context>
        <name>SarHeightPlugin</name>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="88" />
            <source>SAR Height</source>
            <translation>SAR Height</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="89" />
            <source>About SAR Height…</source>
            <translation>Über SAR Height…</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="134" />
            <source>&lt;h3&gt;SAR Height {version}&lt;/h3&gt;&lt;p&gt;Height and terrain tools for synthetic aperture radar images, available in the Processing Toolbox under &lt;i&gt;SAR Height&lt;/i&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;layover backscatter reconstruction&lt;/li&gt;&lt;li&gt;single-image height estimation (ASK-UNet)&lt;/li&gt;&lt;li&gt;stereo radargrammetry&lt;/li&gt;&lt;li&gt;point-target absolute height&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Licence: GNU GPL version 2 or later.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;SAR Height {version}&lt;/h3&gt;&lt;p&gt;Werkzeuge für Höhen und Gelände aus Radarbildern mit synthetischer Apertur (SAR), verfügbar in der Processing-Werkzeugkiste unter &lt;i&gt;SAR Height&lt;/i&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Rekonstruktion der Rückstreuung in Layover-Gebieten&lt;/li&gt;&lt;li&gt;Höhenschätzung aus einem Einzelbild (ASK-UNet)&lt;/li&gt;&lt;li&gt;Stereo-Radargrammetrie&lt;/li&gt;&lt;li&gt;absolute Höhe von Punktzielen&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Lizenz: GNU GPL Version 2 oder später.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="147" />
            <source>About SAR Height</source>
            <translation>Über SAR Height</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="117" />
            <source>Install onnxruntime…</source>
            <translation>onnxruntime installieren…</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="93" />
            <source>Write sample data…</source>
            <translation>Beispieldaten schreiben…</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="109" />
            <source>SAR Height sample data</source>
            <translation>SAR-Height-Beispieldaten</translation>
        </message>
    </context>
    <context>
        <name>SarHeightProvider</name>
        <message>
            <location filename="../processing_provider/provider.py" line="66" />
            <source>SAR Height</source>
            <translation>SAR Height</translation>
        </message>
    </context>
    <context>
        <name>Sentinel1BackscatterAlgorithm</name>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="317" />
            <source>Sentinel-1 calibrated backscatter</source>
            <translation>Kalibrierte Sentinel-1-Rückstreuung</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="323" />
            <source>Sentinel-1 product (.SAFE folder or its manifest.safe, .zip)</source>
            <translation>Sentinel-1-Produkt (.SAFE-Ordner oder seine manifest.safe, .zip)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="329" />
            <source>Polarisation (e.g. VV; empty = co-polarisation)</source>
            <translation>Polarisation (z. B. VV; leer = Kopolarisation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="332" />
            <source>Quantity</source>
            <translation>Größe</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="332" />
            <source>Sigma nought (σ⁰)</source>
            <translation>Sigma Null (σ⁰)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="332" />
            <source>Beta nought (β⁰)</source>
            <translation>Beta Null (β⁰)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="332" />
            <source>Gamma (γ⁰)</source>
            <translation>Gamma (γ⁰)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="332" />
            <source>Uncalibrated power |DN|² (no calibration annotation needed)</source>
            <translation>Unkalibrierte Leistung |DN|² (ohne Kalibrierannotation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="338" />
            <source>Remove thermal noise</source>
            <translation>Thermisches Rauschen entfernen</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="340" />
            <source>Ground pixel of the output (m; sets the looks)</source>
            <translation>Bodenpixel der Ausgabe (m; bestimmt die Looks)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="344" />
            <source>Write decibels (dB; else linear power)</source>
            <translation>Dezibel schreiben (dB; sonst lineare Leistung)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="347" />
            <source>Calibrated backscatter (radar geometry)</source>
            <translation>Kalibrierte Rückstreuung (Radargeometrie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="369" />
            <source>No Sentinel-1 product given.</source>
            <translation>Kein Sentinel-1-Produkt angegeben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="377" />
            <source>Uncalibrated power: the thermal noise is not removed (that needs the calibration).</source>
            <translation>Unkalibrierte Leistung: Das thermische Rauschen wird nicht entfernt (dazu braucht es die Kalibrierung).</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="451" />
            <source>{0} is not a Sentinel-1 product: give its .SAFE folder, its manifest.safe or the zip as downloaded.</source>
            <translation>{0} ist kein Sentinel-1-Produkt: Geben Sie seinen .SAFE-Ordner, seine manifest.safe oder die ZIP-Datei an, wie heruntergeladen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="457" />
            <source>Product: {0} {1} {2} {3}, {4} lines x {5} samples.</source>
            <translation>Produkt: {0} {1} {2} {3}, {4} Zeilen x {5} Spalten.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="480" />
            <source>Output: {0} lines x {1} samples, {2} x {3} looks (azimuth x range).</source>
            <translation>Ausgabe: {0} Zeilen x {1} Spalten, {2} x {3} Looks (Azimut x Entfernung).</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="506" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="325" />
            <source>Swath (e.g. IW2, or ALL for all swaths merged; needed for products with several swaths)</source>
            <translation>Subswath (z. B. IW2, oder ALL für alle Subswaths zusammengefügt; nötig bei Produkten mit mehreren Subswaths)</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="407" />
            <source>Swath {0}: {1} holds one raster ({2} {3}; ESA merges the swaths of GRD products already): writing that raster.</source>
            <translation>Subswath {0}: {1} enthält ein einziges Raster ({2} {3}; bei GRD-Produkten fügt ESA die Subswaths bereits zusammen): Dieses Raster wird geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/sentinel1_backscatter.py" line="437" />
            <source>Swaths {0} ({1}) merged onto one grid: lines every {2:.6f} s from {3} UTC, samples every {4:.3f} m of slant range from two-way time {5:.9f} s; seams (middle of the swaths' overlap) at output samples {6}.</source>
            <translation>Subswaths {0} ({1}) auf ein Gitter zusammengefügt: Zeilen alle {2:.6f} s ab {3} UTC, Spalten alle {4:.3f} m Schrägentfernung ab der Zweiwege-Laufzeit {5:.9f} s; Nähte (Mitte der Überlappung der Subswaths) bei den Ausgabespalten {6}.</translation>
        </message>
    </context>
    <context>
        <name>SimulateSarAlgorithm</name>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="117" />
            <source>Simulate SAR image</source>
            <translation>SAR-Bild simulieren</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="122" />
            <source>DEM (heights in metres)</source>
            <translation>DHM (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="123" />
            <source>Speckle looks (0 = noise-free)</source>
            <translation>Speckle-Looks (0 = rauschfrei)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="126" />
            <source>Random seed (speckle and texture)</source>
            <translation>Zufallsstartwert (Speckle und Textur)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="129" />
            <source>Reflectivity texture (std of log-normal field, 0 = none)</source>
            <translation>Reflektivitätstextur (Standardabweichung des log-normalen Felds, 0 = keine)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="142" />
            <source>Simulated backscatter (radar geometry)</source>
            <translation>Simulierte Rückstreuung (Radargeometrie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="143" />
            <source>Layover/shadow mask</source>
            <translation>Layover-/Schattenmaske</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="144" />
            <source>Radar lookup (line, sample)</source>
            <translation>Radar-Lookup-Tabelle (Zeile, Spalte)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="145" />
            <source>Local incidence angle (degrees)</source>
            <translation>Lokaler Einfallswinkel (Grad)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="176" />
            <source>No output selected: choose at least one.</source>
            <translation>Keine Ausgabe gewählt: wählen Sie mindestens eine.</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="198" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
    </context>
    <context>
        <name>StereoRadargrammetryAlgorithm</name>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="120" />
            <source>Stereo radargrammetry</source>
            <translation>Stereo-Radargrammetrie</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="125" />
            <source>Reference band</source>
            <translation>Band des Referenzbilds</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="125" />
            <source>Reference SAR product or geometry file</source>
            <translation>Referenz-SAR-Produkt oder Geometriedatei</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="130" />
            <source>Secondary band</source>
            <translation>Band des Sekundärbilds</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="130" />
            <source>Secondary SAR product or geometry file</source>
            <translation>Sekundäres SAR-Produkt oder Geometriedatei</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="141" />
            <source>Constant terrain height without DEM (m above the WGS84 ellipsoid)</source>
            <translation>Konstante Geländehöhe ohne DHM (m über dem WGS84-Ellipsoid)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="146" />
            <source>Matcher</source>
            <translation>Matcher</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="146" />
            <source>Phase-only correlation</source>
            <translation>Phasenkorrelation</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="153" />
            <source>Deep matcher model (ONNX; empty = the bundled model)</source>
            <translation>Modell des tiefen Matchers (ONNX; leer = mitgeliefertes Modell)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="153" />
            <source>ONNX models (*.onnx);;All files (*)</source>
            <translation>ONNX-Modelle (*.onnx);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="157" />
            <source>Output pixel size in metres (0 = automatic)</source>
            <translation>Ausgabe-Pixelgröße in Metern (0 = automatisch)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="160" />
            <source>Output CRS (projected, metres; empty = the DEM's or the local UTM zone)</source>
            <translation>Ausgabe-KBS (projiziert, Meter; leer = das des DHM oder die lokale UTM-Zone)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="163" />
            <source>Minimum match confidence, 0-1 (empty = the matcher's)</source>
            <translation>Mindestkonfidenz der Zuordnungen, 0-1 (leer = die des Matchers)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="176" />
            <source>Heights (m above the WGS84 ellipsoid)</source>
            <translation>Höhen (m über dem WGS84-Ellipsoid)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="178" />
            <source>Mean match confidence</source>
            <translation>Mittlere Konfidenz der Zuordnungen</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="180" />
            <source>3-D points per cell</source>
            <translation>3-D-Punkte je Zelle</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="183" />
            <source>3-D points</source>
            <translation>3-D-Punkte</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="184" />
            <source>Coverage (% of the cells both images see)</source>
            <translation>Abdeckung (% der Zellen, die beide Bilder sehen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="185" />
            <source>Mean intersection angle (degrees)</source>
            <translation>Mittlerer Schnittwinkel (Grad)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="186" />
            <source>Residual RMS of the intersection (m)</source>
            <translation>RMS des Residuums des Vorwärtsschnitts (m)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="187" />
            <source>Height precision per pixel of parallax error (m, flat earth)</source>
            <translation>Höhengenauigkeit je Pixel Parallaxenfehler (m, ebene Erde)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="381" />
            <source>No DEM: the patches are predicted at a constant height of {0:g} m above the WGS84 ellipsoid.</source>
            <translation>Kein DHM: Die Kacheln werden mit einer konstanten Höhe von {0:g} m über dem WGS84-Ellipsoid vorhergesagt.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="390" />
            <source>DEM: {0} x {1} cells; {2}.</source>
            <translation>DHM: {0} x {1} Zellen; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="419" />
            <source>{0} cannot be used: {1}</source>
            <translation>{0} kann nicht verwendet werden: {1}</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="458" />
            <source>Reference</source>
            <translation>Referenzbild</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="458" />
            <source>Secondary</source>
            <translation>Sekundärbild</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="493" />
            <source>Patches of {0} x {0} pixels.</source>
            <translation>Kacheln von {0} x {0} Pixeln.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="502" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="163" />
            <source>Patch size in pixels, a multiple of 16 (0 = the matcher's: the deep model's trained size, 256 for POC)</source>
            <translation>Kachelgröße in Pixeln, ein Vielfaches von 16 (0 = die des Matchers: die Trainingsgröße des tiefen Modells, 256 für die Phasenkorrelation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="239" />
            <source>matcher model</source>
            <translation>Matcher-Modell</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="276" />
            <source>The patch size must be a multiple of {0} pixels of at least 64, not {1} (or 0 for the matcher's own).</source>
            <translation>Die Kachelgröße muss ein Vielfaches von {0} Pixeln und mindestens 64 sein, nicht {1} (oder 0 für die des Matchers).</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="136" />
            <source>Coarse DEM predicting the patches (heights in metres)</source>
            <translation>Grobes DHM zur Vorhersage der Kacheln (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="139" />
            <source>Coarse DEM vertical datum</source>
            <translation>Vertikales Datum des groben DHM</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="146" />
            <source>Deep dense matcher (ONNX, needs onnxruntime)</source>
            <translation>Tiefer dichter Matcher (ONNX, benötigt onnxruntime)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="146" />
            <source>Automatic: deep matcher, phase-only correlation without onnxruntime</source>
            <translation>Automatisch: tiefer Matcher, ohne onnxruntime Phasenkorrelation</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="239" />
            <source>The deep matcher needs a model, but none is given ({1} is empty) and the plugin ships none ({0} does not exist). Choose Phase-only correlation as {2}, or give an ONNX matcher model in {1}.</source>
            <translation>Der tiefe Matcher braucht ein Modell, aber keines ist angegeben ({1} ist leer) und das Plugin enthält keines ({0} existiert nicht). Wählen Sie Phasenkorrelation als {2} oder geben Sie unter {1} ein ONNX-Matcher-Modell an.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="252" />
            <source>The output CRS {0} is not a projected CRS in metres: choose one (e.g. the UTM zone of the area), or leave {1} empty.</source>
            <translation>Das Ausgabe-KBS {0} ist kein projiziertes KBS in Metern: wählen Sie eines (z. B. die UTM-Zone des Gebiets) oder lassen Sie {1} leer.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="258" />
            <source>Or choose Phase-only correlation as {0}: it needs no onnxruntime.</source>
            <translation>Oder wählen Sie Phasenkorrelation (phase-only correlation) als {0}: sie braucht kein onnxruntime.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="337" />
            <source>The image {0} could not be loaded as a raster layer.</source>
            <translation>Das Bild {0} konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="195" />
            <source>Reference orbit file (Sentinel-1 .EOF; empty = an EOF next to the SAFE, else the annotation's orbit)</source>
            <translation>Bahndatei der Referenz (Sentinel-1 .EOF; leer = eine EOF neben dem SAFE, sonst die Bahn der Annotation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="197" />
            <source>Secondary orbit file (Sentinel-1 .EOF; empty = an EOF next to the SAFE, else the annotation's orbit)</source>
            <translation>Bahndatei des Sekundärbilds (Sentinel-1 .EOF; leer = eine EOF neben dem SAFE, sonst die Bahn der Annotation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="125" />
            <source>Reference SAR image (radar geometry; empty = the product's own measurement, calibrated)</source>
            <translation>Referenz-SAR-Bild (Radargeometrie; leer = die eigene Messung des Produkts, kalibriert)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="130" />
            <source>Secondary SAR image (radar geometry; empty = the product's own measurement, calibrated)</source>
            <translation>Sekundäres SAR-Bild (Radargeometrie; leer = die eigene Messung des Produkts, kalibriert)</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="326" />
            <source>{0}: the image {1} is used; the measurement in the product {2} is not read.</source>
            <translation>{0}: Das Bild {1} wird verwendet; die Messung im Produkt {2} wird nicht gelesen.</translation>
        </message>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="364" />
            <source>{0}: the product {1} has several swaths ({2}) and no image is given to tell which one to read: give a DEM (the swath covering its centre is read) or the image of one swath.</source>
            <translation>{0}: Das Produkt {1} hat mehrere Subswaths ({2}), und kein Bild ist angegeben, das sagt, welcher zu lesen ist: Geben Sie ein DHM an (gelesen wird der Subswath, der seine Mitte abdeckt) oder das Bild eines Subswaths.</translation>
        </message>
    </context>
    <context>
        <name>WriteSampleDataAlgorithm</name>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="40" />
            <source>Write sample data</source>
            <translation>Beispieldaten schreiben</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="45" />
            <source>Folder for the sample data</source>
            <translation>Ordner für die Beispieldaten</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="47" />
            <source>Open the map layers in the project</source>
            <translation>Kartenlayer im Projekt öffnen</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="59" />
            <source>Sample: Ötztal DEM 30 m (reference)</source>
            <translation>Beispiel: Ötztal-DHM 30 m (Referenz)</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="60" />
            <source>Sample: Ötztal coarse DEM (reconstruction, priors)</source>
            <translation>Beispiel: grobes Ötztal-DHM (Rekonstruktion, A-priori-Höhen)</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="61" />
            <source>Sample: layover/shadow mask (Sentinel-1)</source>
            <translation>Beispiel: Layover-/Schattenmaske (Sentinel-1)</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="62" />
            <source>Sample: reconstructed sigma0 (Sentinel-1, map geometry)</source>
            <translation>Beispiel: rekonstruiertes Sigma0 (Sentinel-1, Kartengeometrie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="63" />
            <source>Sample: stereo scene, true DEM 2 m</source>
            <translation>Beispiel: Stereoszene, wahres DHM 2 m</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="64" />
            <source>Sample: stereo scene, coarse DEM 90 m</source>
            <translation>Beispiel: Stereoszene, grobes DHM 90 m</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="77" />
            <source>Open each tool under Processing Toolbox &gt; SAR Height, set only these inputs and keep every other parameter as it is:</source>
            <translation>Öffnen Sie jedes Werkzeug unter Processing-Werkzeugkiste &gt; SAR Height, setzen Sie nur diese Eingaben und lassen Sie alle anderen Parameter, wie sie sind:</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="83" />
            <source>(no input: its defaults describe the Staring Spotlight product of the sample data)</source>
            <translation>(keine Eingabe: seine Voreinstellungen beschreiben das Staring-Spotlight-Produkt der Beispieldaten)</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="112" />
            <source>SAR Height sample data</source>
            <translation>SAR-Height-Beispieldaten</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="135" />
            <source>No folder given for the sample data.</source>
            <translation>Kein Ordner für die Beispieldaten angegeben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="152" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="156" />
            <source>Sample data written to {0} in {1:.1f} s.</source>
            <translation>Beispieldaten in {1:.1f} s nach {0} geschrieben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/write_sample_data.py" line="88" />
            <source>{0} writes heights above the WGS84 ellipsoid that the file does not declare: to compare them with {1} in {2}, set '{3}' to the WGS84 ellipsoid. The stereo DEMs and heights declare theirs.</source>
            <translation>{0} schreibt Höhen über dem WGS84-Ellipsoid, ohne dass die Datei dies angibt: Um sie in {2} mit {1} zu vergleichen, setzen Sie '{3}' auf das WGS84-Ellipsoid. Die Stereo-DHM und -Höhen geben ihr Datum selbst an.</translation>
        </message>
    </context>
    <context>
        <name>self.self</name>
        <message>
            <location filename="../processing_provider/stereo_radargrammetry.py" line="228" />
            <source>Phase-only correlation is used instead of the deep matcher, which needs the Python module onnxruntime (not installed). Phase-only correlation finds fewer matches (a coarser, less complete DEM; see the help). To use the deep matcher: {0} To keep phase-only correlation without this warning, choose it as {1}.</source>
            <translation>Statt des tiefen Matchers wird die Phasenkorrelation verwendet, denn der tiefe Matcher braucht das Python-Modul onnxruntime (nicht installiert). Die Phasenkorrelation findet weniger Zuordnungen (ein gröberes, lückenhafteres DHM; siehe die Hilfe). Für den tiefen Matcher: {0} Um ohne diese Warnung bei der Phasenkorrelation zu bleiben, wählen Sie sie als {1}.</translation>
        </message>
    </context>
</TS>
