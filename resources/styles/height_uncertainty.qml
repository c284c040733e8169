<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <!-- SAR Height: height uncertainty (1 sigma, m), yellow - orange - dark red, 0-98 % cumulative cut. The colour stops are stored as fractions 0..1 of the range; the plugin maps them onto each layer's range when it applies the style. -->
  <pipe>
    <provider>
      <resampling zoomedInResamplingMethod="nearestNeighbour" zoomedOutResamplingMethod="nearestNeighbour" maxOversampling="2" enabled="false"/>
    </provider>
    <rasterrenderer alphaBand="-1" classificationMin="0" band="1" type="singlebandpseudocolor" opacity="1" nodataColor="" classificationMax="1">
      <minMaxOrigin>
        <limits>CumulativeCut</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <rastershader>
        <colorrampshader clip="0" colorRampType="INTERPOLATED" labelPrecision="1" maximumValue="1" classificationMode="1" minimumValue="0">
          <colorramp type="gradient" name="[source]">
            <Option type="Map">
              <Option type="QString" name="color1" value="255,255,204,255"/>
              <Option type="QString" name="color2" value="128,0,38,255"/>
              <Option type="QString" name="discrete" value="0"/>
              <Option type="QString" name="rampType" value="gradient"/>
              <Option type="QString" name="stops" value="0.25;254,217,118,255:0.5;253,141,60,255:0.75;227,26,28,255"/>
            </Option>
            <prop v="255,255,204,255" k="color1"/>
            <prop v="128,0,38,255" k="color2"/>
            <prop v="0" k="discrete"/>
            <prop v="gradient" k="rampType"/>
            <prop v="0.25;254,217,118,255:0.5;253,141,60,255:0.75;227,26,28,255" k="stops"/>
          </colorramp>
          <item label="" alpha="255" color="#ffffcc" value="0"/>
          <item label="" alpha="255" color="#fed976" value="0.25"/>
          <item label="" alpha="255" color="#fd8d3c" value="0.5"/>
          <item label="" alpha="255" color="#e31a1c" value="0.75"/>
          <item label="" alpha="255" color="#800026" value="1"/>
          <rampLegendSettings useContinuousLegend="1" direction="0" prefix="" minimumLabel="" maximumLabel="" orientation="2" suffix=" m">
            <numericFormat id="basic">
              <Option type="Map">
                <Option type="QChar" name="decimal_separator" value=""/>
                <Option type="int" name="decimals" value="1"/>
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
