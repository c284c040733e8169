<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <!-- SAR Height: DEM error (estimate - reference) in metres, diverging blue-white-red, symmetric -20..+20 m -->
  <pipe>
    <provider>
      <resampling enabled="false" zoomedInResamplingMethod="nearestNeighbour" zoomedOutResamplingMethod="nearestNeighbour" maxOversampling="2"/>
    </provider>
    <rasterrenderer type="singlebandpseudocolor" band="1" classificationMin="-20" classificationMax="20" opacity="1" alphaBand="-1" nodataColor="">
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0" minimumValue="-20" maximumValue="20" labelPrecision="0">
          <colorramp type="gradient" name="[source]">
            <Option type="Map">
              <Option name="color1" type="QString" value="5,48,97,255"/>
              <Option name="color2" type="QString" value="103,0,31,255"/>
              <Option name="discrete" type="QString" value="0"/>
              <Option name="rampType" type="QString" value="gradient"/>
              <Option name="stops" type="QString" value="0.25;33,102,172,255:0.375;103,169,207,255:0.45;209,229,240,255:0.5;247,247,247,255:0.55;253,219,199,255:0.625;239,138,98,255:0.75;178,24,43,255"/>
            </Option>
            <prop k="color1" v="5,48,97,255"/>
            <prop k="color2" v="103,0,31,255"/>
            <prop k="discrete" v="0"/>
            <prop k="rampType" v="gradient"/>
            <prop k="stops" v="0.25;33,102,172,255:0.375;103,169,207,255:0.45;209,229,240,255:0.5;247,247,247,255:0.55;253,219,199,255:0.625;239,138,98,255:0.75;178,24,43,255"/>
          </colorramp>
          <item value="-20" color="#053061" alpha="255" label="-20 m (estimate too low)"/>
          <item value="-10" color="#2166ac" alpha="255" label="-10 m"/>
          <item value="-5" color="#67a9cf" alpha="255" label="-5 m"/>
          <item value="-2" color="#d1e5f0" alpha="255" label="-2 m"/>
          <item value="0" color="#f7f7f7" alpha="255" label="0 m"/>
          <item value="2" color="#fddbc7" alpha="255" label="+2 m"/>
          <item value="5" color="#ef8a62" alpha="255" label="+5 m"/>
          <item value="10" color="#b2182b" alpha="255" label="+10 m"/>
          <item value="20" color="#67001f" alpha="255" label="+20 m (estimate too high)"/>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100" grayscaleMode="0" invertColors="0" saturation="0"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
