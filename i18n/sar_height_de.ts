<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>@default</name>
        <message>
            <location filename="../processing_provider/common.py" line="17" />
            <source>DEM vertical datum</source>
            <translation>Vertikales Datum des DHM</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="17" />
            <source>From file (SRTM convention EGM96 when unstated)</source>
            <translation>Aus der Datei (ohne Angabe: SRTM-Konvention EGM96)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="17" />
            <source>EGM96 geoid</source>
            <translation>EGM96-Geoid</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="17" />
            <source>WGS84 ellipsoid</source>
            <translation>WGS84-Ellipsoid</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="17" />
            <source>EGM2008 geoid (needs PROJ grid)</source>
            <translation>EGM2008-Geoid (benötigt PROJ-Gitter)</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="41" />
            <source>The Python module '{0}' is missing. Install it (Debian/Ubuntu: sudo apt install {1}; elsewhere: python -m pip install {2}) and restart QGIS.</source>
            <translation>Das Python-Modul '{0}' fehlt. Installieren Sie es (Debian/Ubuntu: sudo apt install {1}; sonst: python -m pip install {2}) und starten Sie QGIS neu.</translation>
        </message>
    </context>
    <context>
        <name>SarHeightAlgorithm</name>
        <message>
            <location filename="../processing_provider/base.py" line="40" />
            <source>Simulation</source>
            <translation>Simulation</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="41" />
            <source>Layover reconstruction</source>
            <translation>Layover-Rekonstruktion</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="42" />
            <source>Height estimation</source>
            <translation>Höhenschätzung</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="43" />
            <source>Stereo radargrammetry</source>
            <translation>Stereo-Radargrammetrie</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="44" />
            <source>Point targets</source>
            <translation>Punktziele</translation>
        </message>
        <message>
            <location filename="../processing_provider/base.py" line="45" />
            <source>Evaluation</source>
            <translation>Bewertung</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="85" />
            <source>Swath {0} covers the DEM centre; using it.</source>
            <translation>Subswath {0} deckt die Mitte des DHM ab und wird verwendet.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="108" />
            <source>The DEM could not be loaded as a raster layer.</source>
            <translation>Das DHM konnte nicht als Rasterlayer geladen werden.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="114" />
            <source>No SAR product or geometry file given.</source>
            <translation>Weder SAR-Produkt noch Geometriedatei angegeben.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="121" />
            <source>DEM: {0} x {1} cells; {2}.</source>
            <translation>DHM: {0} x {1} Zellen; {2}.</translation>
        </message>
        <message>
            <location filename="../processing_provider/common.py" line="130" />
            <source>Geometry: {0} {1} {2} {3}, {4} lines x {5} samples, {6}-looking.</source>
            <translation>Geometrie: {0} {1} {2} {3}, {4} Zeilen x {5} Spalten, Blickrichtung {6}.</translation>
        </message>
    </context>
    <context>
        <name>SarHeightPlugin</name>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="81" />
            <source>SAR Height</source>
            <translation>SAR Height</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="82" />
            <source>About SAR Height…</source>
            <translation>Über SAR Height…</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="89" />
            <source>&lt;h3&gt;SAR Height {version}&lt;/h3&gt;&lt;p&gt;Height and terrain tools for synthetic aperture radar images, available in the Processing Toolbox under &lt;i&gt;SAR Height&lt;/i&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;layover backscatter reconstruction&lt;/li&gt;&lt;li&gt;single-image height estimation (ASK-UNet)&lt;/li&gt;&lt;li&gt;stereo radargrammetry&lt;/li&gt;&lt;li&gt;point-target absolute height&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Licence: GNU GPL version 2 or later.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;SAR Height {version}&lt;/h3&gt;&lt;p&gt;Werkzeuge für Höhen und Gelände aus Radarbildern mit synthetischer Apertur (SAR), verfügbar in der Processing-Werkzeugkiste unter &lt;i&gt;SAR Height&lt;/i&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Rekonstruktion der Rückstreuung in Layover-Gebieten&lt;/li&gt;&lt;li&gt;Höhenschätzung aus einem Einzelbild (ASK-UNet)&lt;/li&gt;&lt;li&gt;Stereo-Radargrammetrie&lt;/li&gt;&lt;li&gt;absolute Höhe von Punktzielen&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Lizenz: GNU GPL Version 2 oder später.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../plugin/sar_height_plugin.py" line="99" />
            <source>About SAR Height</source>
            <translation>Über SAR Height</translation>
        </message>
    </context>
    <context>
        <name>SarHeightProvider</name>
        <message>
            <location filename="../processing_provider/provider.py" line="58" />
            <source>SAR Height</source>
            <translation>SAR Height</translation>
        </message>
    </context>
    <context>
        <name>SimulateSarAlgorithm</name>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="48" />
            <source>Simulate SAR image</source>
            <translation>SAR-Bild simulieren</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="50" />
            <source>&lt;p&gt;Simulates the SAR image a DEM produces in the geometry of a real product (Sentinel-1 SAFE, TerraSAR-X level1Product XML, or a SAR Height geometry JSON). Each DEM cell is located in the radar image by zero-Doppler geo2rdr; its energy is its facet area times a backscatter law of the local incidence angle, spread over the radar pixels it falls into.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs&lt;/b&gt;: the simulated backscatter (linear intensity) in the product's radar geometry, placed on the map with GCPs; a layover/shadow mask, a lookup table (band 1 azimuth line, band 2 range sample of the product raster) and the local incidence angle (degrees), all three on the DEM grid.&lt;/p&gt;&lt;p&gt;&lt;b&gt;DEM vertical datum&lt;/b&gt;: heights are converted to the WGS84 ellipsoid. SRTM DEMs are EGM96; Copernicus DEMs are EGM2008, which needs PROJ's EGM2008 grid.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Speckle looks&lt;/b&gt;: 0 gives a noise-free image; L &amp;gt; 0 multiplies each pixel by Gamma(L, 1/L) noise reproducible with the seed.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Simuliert das SAR-Bild, das ein DHM in der Geometrie eines realen Produkts erzeugt (Sentinel-1 SAFE, TerraSAR-X level1Product XML oder eine SAR-Height-Geometrie-JSON). Jede DHM-Zelle wird mit Zero-Doppler-geo2rdr im Radarbild verortet; ihre Energie ist ihre Facettenfläche mal einem Rückstreugesetz des lokalen Einfallswinkels, verteilt auf die Radarpixel, in die sie fällt.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgaben&lt;/b&gt;: die simulierte Rückstreuung (lineare Intensität) in der Radargeometrie des Produkts, über GCPs in der Karte platziert; eine Layover-/Schattenmaske, eine Lookup-Tabelle (Band 1 Azimutzeile, Band 2 Entfernungsspalte des Produktrasters) und der lokale Einfallswinkel (Grad), alle drei im Raster des DHM.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Vertikales Datum des DHM&lt;/b&gt;: Höhen werden auf das WGS84-Ellipsoid umgerechnet. SRTM-DHM beziehen sich auf EGM96, Copernicus-DHM auf EGM2008, wofür das EGM2008-Gitter von PROJ nötig ist.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Speckle-Looks&lt;/b&gt;: 0 ergibt ein rauschfreies Bild; L &amp;gt; 0 multipliziert jedes Pixel mit Gamma(L, 1/L)-Rauschen, das mit dem Startwert reproduzierbar ist.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="67" />
            <source>DEM (heights in metres)</source>
            <translation>DHM (Höhen in Metern)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="69" />
            <source>SAR product or geometry file</source>
            <translation>SAR-Produkt oder Geometriedatei</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="69" />
            <source>SAR products (*.safe *.SAFE *.zip *.xml *.json);;All files (*)</source>
            <translation>SAR-Produkte (*.safe *.SAFE *.zip *.xml *.json);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="73" />
            <source>Swath (multi-swath products, e.g. IW2; empty = the one covering the DEM)</source>
            <translation>Subswath (Produkte mit mehreren Streifen, z. B. IW2; leer = der Streifen, der das DHM abdeckt)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="76" />
            <source>Polarisation (e.g. VV; empty = co-polarisation)</source>
            <translation>Polarisation (z. B. VV; leer = Kopolarisation)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="80" />
            <source>Speckle looks (0 = noise-free)</source>
            <translation>Speckle-Looks (0 = rauschfrei)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="83" />
            <source>Random seed (speckle and texture)</source>
            <translation>Zufallsstartwert (Speckle und Textur)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="87" />
            <source>Backscatter law</source>
            <translation>Rückstreugesetz</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="87" />
            <source>Muhleman (natural terrain)</source>
            <translation>Muhleman (natürliches Gelände)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="87" />
            <source>Cosine squared</source>
            <translation>Kosinus zum Quadrat</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="91" />
            <source>Reflectivity texture (std of log-normal field, 0 = none)</source>
            <translation>Reflektivitätstextur (Standardabweichung des log-normalen Felds, 0 = keine)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="96" />
            <source>Block size (DEM rows per block)</source>
            <translation>Blockgröße (DHM-Zeilen pro Block)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="106" />
            <source>Simulated backscatter (radar geometry)</source>
            <translation>Simulierte Rückstreuung (Radargeometrie)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="107" />
            <source>Layover/shadow mask</source>
            <translation>Layover-/Schattenmaske</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="108" />
            <source>Radar lookup (line, sample)</source>
            <translation>Radar-Lookup-Tabelle (Zeile, Spalte)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="109" />
            <source>Local incidence angle (degrees)</source>
            <translation>Lokaler Einfallswinkel (Grad)</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="136" />
            <source>No output selected: choose at least one.</source>
            <translation>Keine Ausgabe gewählt: wählen Sie mindestens eine.</translation>
        </message>
        <message>
            <location filename="../processing_provider/simulate_sar.py" line="149" />
            <source>Cancelled: no output written.</source>
            <translation>Abgebrochen: keine Ausgabe geschrieben.</translation>
        </message>
    </context>
</TS>
