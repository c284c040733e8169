<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <!-- SAR Height: terrain heights (m), hypsometric tint dark green - tan - brown - white, 2-98 % cumulative cut. The colour stops are stored as fractions 0..1 of the range; the plugin maps them onto each layer's range when it applies the style. Only the display is styled: the raster keeps its heights in metres, ready for hillshading (Raster > Analysis > Hillshade or a hillshade layer on top with blending mode Multiply). -->
  <pipe>
    <provider>
      <resampling zoomedInResamplingMethod="nearestNeighbour" zoomedOutResamplingMethod="nearestNeighbour" maxOversampling="2" enabled="false"/>
    </provider>
    <rasterrenderer alphaBand="-1" classificationMin="0" band="1" type="singlebandpseudocolor" opacity="1" nodataColor="" classificationMax="1">
      <minMaxOrigin>
        <limits>CumulativeCut</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <rastershader>
        <colorrampshader clip="0" colorRampType="INTERPOLATED" labelPrecision="0" maximumValue="1" classificationMode="1" minimumValue="0">
          <colorramp type="gradient" name="[source]">
            <Option type="Map">
              <Option type="QString" name="color1" value="43,107,63,255"/>
              <Option type="QString" name="color2" value="255,255,255,255"/>
              <Option type="QString" name="discrete" value="0"/>
              <Option type="QString" name="rampType" value="gradient"/>
              <Option type="QString" name="stops" value="0.15;93,158,74,255:0.3;168,201,122,255:0.45;236,227,166,255:0.6;201,165,107,255:0.75;156,107,63,255:0.88;168,159,152,255"/>
            </Option>
            <prop v="43,107,63,255" k="color1"/>
            <prop v="255,255,255,255" k="color2"/>
            <prop v="0" k="discrete"/>
            <prop v="gradient" k="rampType"/>
            <prop v="0.15;93,158,74,255:0.3;168,201,122,255:0.45;236,227,166,255:0.6;201,165,107,255:0.75;156,107,63,255:0.88;168,159,152,255" k="stops"/>
          </colorramp>
          <item label="" alpha="255" color="#2b6b3f" value="0"/>
          <item label="" alpha="255" color="#5d9e4a" value="0.15"/>
          <item label="" alpha="255" color="#a8c97a" value="0.3"/>
          <item label="" alpha="255" color="#ece3a6" value="0.45"/>
          <item label="" alpha="255" color="#c9a56b" value="0.6"/>
          <item label="" alpha="255" color="#9c6b3f" value="0.75"/>
          <item label="" alpha="255" color="#a89f98" value="0.88"/>
          <item label="" alpha="255" color="#ffffff" value="1"/>
          <rampLegendSettings useContinuousLegend="1" direction="0" prefix="" minimumLabel="" maximumLabel="" orientation="2" suffix=" m">
            <numericFormat id="basic">
              <Option type="Map">
                <Option type="QChar" name="decimal_separator" value=""/>
                <Option type="int" name="decimals" value="0"/>
                <Option type="int" name="rounding_type" value="0"/>
                <Option type="bool" name="show_plus" value="false"/>
                <Option type="bool" name="show_thousand_separator" value="true"/>
                <Option type="bool" name="show_trailing_zeros" value="true"/>
                <Option type="QChar" name="thousand_separator" value=""/>
              </Option>
            </numericFormat>
          </rampLegendSettings>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast gamma="1" brightness="0" contrast="0"/>
    <huesaturation colorizeRed="255" invertColors="0" colorizeOn="0" grayscaleMode="0" saturation="0" colorizeGreen="128" colorizeStrength="100" colorizeBlue="128"/>
    <rasterresampler zoomedInResampler="bilinear" maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
