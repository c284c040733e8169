"""Real TerraSAR-X / TanDEM-X Staring Spotlight products (issue 15).

The real TDX-1 (Rapa Nui, ascending, HH) and TSX-1 (Wuhan, descending, VV) products of
test/data/tsx_staring_spotlight, metadata without pixels: the reader takes them as they are,
geo2rdr puts their GEOREF.xml tie points on their stated (row, column), the accuracy planner
works from the product's own geometry, and the writer writes the fields real products carry.
Everything the tests compare against is read here from the XML files with ElementTree,
independently of the reader.
"""
import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from sar_height.core.errors import PointTargetError
from sar_height.core.geometry.ellipsoid import geodetic_to_ecef
from sar_height.core.point_target.measure import HeightOptions
from sar_height.core.point_target.product_plan import product_plan_values
from sar_height.core.point_target.settings import acquisition_settings, image_range_geometry
from sar_height.core.point_target.slc import open_slc
from sar_height.core.products.acquisition import ProductError
from sar_height.core.products.reader import open_geometry
from sar_height.core.products.terrasar import open_terrasar_raster, read_terrasar
from sar_height.core.products.terrasar_writer import write_terrasar_product

C = 299792458.0
DATA = Path(__file__).resolve().parent / "data" / "tsx_staring_spotlight"
TDX = DATA / "TDX1_SAR__SSC______ST_S_SRA_20231005T014450_20231005T014450"
TSX = DATA / "TSX1_SAR__SSC______ST_S_SRA_20230425T222958_20230425T222958"
PRODUCTS = {"TDX-1": TDX, "TSX-1": TSX}
# geo2rdr against the tie points: the range residual is the orbit's range accuracy (1e-4
# samples = 0.05 mm here); the azimuth residual, 0.04 line (7 mm along track), comes from
# interpolating state vectors 10 s apart: a degree-9 to 11 polynomial of the positions evaluated
# directly instead of core.geometry.orbit's cubic Hermite spline leaves 0.004-0.03 line.
MAX_LINE_RESIDUAL = 0.1
MAX_SAMPLE_RESIDUAL = 0.01
WGS84_GM = 3.986004418e14  # m^3/s^2, the planner's G M (core.point_target.accuracy)
EARTH_RADIUS_M = 6378137.0


def main_xml(folder):
    return folder / (folder.name + ".xml")


def utc_seconds(text, epoch):
    """Seconds of an annotated UTC time since ``epoch`` (numpy.datetime64)."""
    return (np.datetime64(text.strip().rstrip("Z"), "ns") - epoch) / np.timedelta64(1, "s")


@dataclasses.dataclass
class Annotation:
    """What the tests need from a product, read with ElementTree alone."""

    root: ET.Element
    georef: ET.Element
    epoch: np.datetime64  # first state vector time

    @classmethod
    def read(cls, folder):
        root = ET.parse(main_xml(folder)).getroot()
        georef = ET.parse(folder / "ANNOTATION" / "GEOREF.xml").getroot()
        first = root.find("platform/orbit/stateVec/timeUTC").text
        return cls(root, georef, np.datetime64(first.strip().rstrip("Z"), "ns"))

    def number(self, path):
        return float(self.root.findtext(path))

    def tie_points(self):
        """Each grid point: (fractional line, fractional sample, lat, lon, height, row, col).

        Line and sample from the point's azimuth and range times (t, tau, relative to the
        grid's reference times) and the image's start time, first-pixel range time, line
        interval and range sampling rate; row and col as stated (1-based integers).
        """
        grid = self.georef.find("geolocationGrid")
        t_ref = utc_seconds(grid.findtext("gridReferenceTime/tReferenceTimeUTC"), self.epoch)
        tau_ref = float(grid.findtext("gridReferenceTime/tauReferenceTime"))
        start = utc_seconds(self.root.findtext("productInfo/sceneInfo/start/timeUTC"),
                            self.epoch)
        first_pixel = self.number("productInfo/sceneInfo/rangeTime/firstPixel")
        dt = self.number("productInfo/imageDataInfo/imageRaster/columnSpacing")
        rsf = self.number("productSpecific/complexImageInfo/commonRSF")
        points = []
        for p in grid.findall("gridPoint"):
            value = {tag: float(p.findtext(tag)) for tag in
                     ("t", "tau", "lat", "lon", "height", "row", "col")}
            points.append(((t_ref + value["t"] - start) / dt,
                           (tau_ref + value["tau"] - first_pixel) * rsf,
                           value["lat"], value["lon"], value["height"], value["row"],
                           value["col"]))
        return np.array(points)

    def effects(self, tag):
        """Sum of the degree-0 signalPropagationEffects of one kind (s)."""
        nodes = self.georef.findall(f"signalPropagationEffects/{tag}")
        assert nodes and all(n.findtext("polynomialDegree").strip() == "0" for n in nodes)
        return sum(float(n.findtext("coefficient")) for n in nodes)


@pytest.fixture(scope="module", params=sorted(PRODUCTS))
def product(request):
    folder = PRODUCTS[request.param]
    return request.param, folder, read_terrasar(folder), Annotation.read(folder)


def residuals(geometry, points):
    """geo2rdr of the tie points minus their stated (line, sample)."""
    xyz = geodetic_to_ecef(points[:, 2], points[:, 3], points[:, 4])
    t, slant, converged = geometry.geo2rdr(xyz)
    assert converged.all()
    line, sample = geometry.radar_to_image(t, slant)
    return line - points[:, 0], sample - points[:, 1], line, sample


# -- the reader takes the real products as they are --------------------------------------------

@pytest.mark.parametrize("name, pol, lines, samples, passing", [
    ("TDX-1", "HH", 17230, 7322, "ASCENDING"), ("TSX-1", "VV", 17392, 6716, "DESCENDING")])
def test_reader_takes_folder_and_main_xml(name, pol, lines, samples, passing):
    folder = PRODUCTS[name]
    by_folder, by_xml = open_geometry(str(folder)), open_geometry(str(main_xml(folder)))
    for g in (by_folder, by_xml):
        assert (g.mission, g.product_type, g.polarisation) == (name, "SSC", pol)
        assert (g.lines, g.samples) == (lines, samples)
        assert g.extra["imaging_mode"] == "ST" and g.extra["pass"] == passing
        assert len(g.orbit.times) == 12 and len(g.gcps) in (98, 105)
    assert by_folder.source == by_xml.source == str(main_xml(folder))
    assert by_folder.near_slant_range_m == by_xml.near_slant_range_m


def test_reader_removes_the_annotated_propagation_effects(product):
    """Range times lose GEOREF's path delays, azimuth times its timing shift; both kept."""
    _, _, geometry, annotation = product
    delay = annotation.effects("rangeDelay")  # ionosphere + hydrostatic troposphere, 2-way
    shift = annotation.effects("azimuthShift")
    assert 1.7e-8 < delay < 1.8e-8 and -2e-5 < shift < 0  # 2.6 m; -5 to -8 cm along track
    first_pixel = annotation.number("productInfo/sceneInfo/rangeTime/firstPixel")
    assert geometry.near_slant_range_m == pytest.approx((first_pixel - delay) * C / 2, abs=1e-6)
    start = utc_seconds(annotation.root.findtext("productInfo/sceneInfo/start/timeUTC"),
                        annotation.epoch)
    assert geometry.first_line_time_s == pytest.approx(start - shift, abs=1e-9)
    extra = geometry.extra
    assert extra["range_delay_s"] == pytest.approx(delay, rel=1e-12)
    assert extra["range_delay_m"] == pytest.approx(delay * C / 2, rel=1e-12)
    assert extra["azimuth_shift_s"] == pytest.approx(shift, rel=1e-12)
    assert {r["source"] for r in extra["signal_propagation_effects"]} == {"IONO", "ATMOS",
                                                                         "TIMING"}


def test_reader_derives_the_velocities_from_the_positions(product):
    """The annotated velocities (1 mm/s digits) differ from the positions' derivative."""
    _, _, geometry, annotation = product
    annotated = np.array([[float(v.findtext(f"vel{c}")) for c in "XYZ"]
                          for v in annotation.root.findall("platform/orbit/stateVec")])
    assert np.abs(annotated * 1000 - np.round(annotated * 1000)).max() < 1e-6  # 1 mm/s digits
    assert geometry.extra["orbit_velocities"] == "from positions"
    assert 3e-4 < geometry.extra["annotated_velocity_difference_m_s"] < 2e-3
    # independent derivative: one degree-7 polynomial through all 12 positions
    times, positions = geometry.orbit.times, geometry.orbit.positions
    tau = (times - times.mean()) / 55.0
    fit = np.polynomial.polynomial.polyfit(tau, positions - positions.mean(axis=0), 7)
    derivative = np.polynomial.polynomial.polyval(tau, np.polynomial.polynomial.polyder(fit))
    # 0.04 mm/s inside, 0.3 mm/s at the ends where either polynomial is least determined
    difference = np.abs(geometry.orbit.velocities - derivative.T / 55.0)
    assert difference[2:-2].max() < 5e-5 and difference.max() < 5e-4
    np.testing.assert_array_equal(geometry.orbit.positions[0], [
        float(annotation.root.find("platform/orbit/stateVec").findtext(f"pos{c}"))
        for c in "XYZ"])


def test_missing_cosar_is_refused_naming_the_file(tmp_path):
    """Geometry without pixels: reading the pixels is refused with the missing .cos file."""
    with pytest.raises(ProductError, match=r"COSAR file .*IMAGEDATA.IMAGE_HH_SRA_spot_026\.cos"
                                           r" of the HH layer .* is missing"):
        open_terrasar_raster(str(TDX))
    with pytest.raises(PointTargetError, match=r"IMAGE_HH_SRA_spot_026\.cos .* is missing"):
        open_slc(str(main_xml(TDX)))


# -- geo2rdr on the GEOREF.xml tie points -------------------------------------------------------

def test_geo2rdr_puts_the_tie_points_on_their_stated_row_and_column(product):
    name, _, geometry, annotation = product
    points = annotation.tie_points()
    assert len(points) == {"TDX-1": 105, "TSX-1": 98}[name]
    d_line, d_sample, line, sample = residuals(geometry, points)
    assert np.abs(d_line).max() < MAX_LINE_RESIDUAL, np.abs(d_line).max()
    assert np.abs(d_sample).max() < MAX_SAMPLE_RESIDUAL, np.abs(d_sample).max()
    # the stated integer row and column are the (1-based) pixels the points fall into
    assert np.all(line > points[:, 5] - 1 - MAX_LINE_RESIDUAL)
    assert np.all(line < points[:, 5] + MAX_LINE_RESIDUAL)
    assert np.all(sample > points[:, 6] - 1 - MAX_SAMPLE_RESIDUAL)
    assert np.all(sample < points[:, 6] + MAX_SAMPLE_RESIDUAL)
    # the reader's GCPs are these tie points, in the image's pixels
    np.testing.assert_allclose(np.asarray(geometry.gcps), points[:, :5], rtol=0, atol=1e-6)


def test_each_correction_is_needed(product):
    """Without a correction the tie points miss by more than the tolerance.

    Path delay: 5.8 samples; timing shift: 0.29 (TDX-1) and 0.48 (TSX-1) lines; annotated
    velocities: 0.17 line (TDX-1).
    """
    name, _, geometry, annotation = product
    points = annotation.tie_points()
    _, d_sample, _, _ = residuals(image_range_geometry(geometry), points)
    assert 5.7 < np.abs(d_sample).min() and np.abs(d_sample).max() < 5.9
    unshifted = dataclasses.replace(
        geometry, first_line_time_s=geometry.first_line_time_s + geometry.extra["azimuth_shift_s"])
    d_line, _, _, _ = residuals(unshifted, points)
    assert np.abs(d_line).min() > 0.2
    if name == "TDX-1":
        orbit = geometry.orbit
        annotated = np.array([[float(v.findtext(f"vel{c}")) for c in "XYZ"]
                              for v in annotation.root.findall("platform/orbit/stateVec")])
        rounded = dataclasses.replace(geometry, orbit=dataclasses.replace(
            orbit, velocities=annotated))
        d_line, _, _, _ = residuals(rounded, points)
        assert np.abs(d_line).min() > MAX_LINE_RESIDUAL


# -- the accuracy planner from a product ---------------------------------------------------------

def _geodetic_height(xyz):
    """Ellipsoidal height (m) of an ECEF point, Bowring's iteration (WGS84), written here."""
    a, f = 6378137.0, 1.0 / 298.257223563
    e2 = f * (2.0 - f)
    p = np.hypot(xyz[0], xyz[1])
    lat = np.arctan2(xyz[2], p * (1.0 - e2))
    for _ in range(6):
        n = a / np.sqrt(1.0 - e2 * np.sin(lat) ** 2)
        height = p / np.cos(lat) - n
        lat = np.arctan2(xyz[2], p * (1.0 - e2 * n / (n + height)))
    return height


def independent_plan_values(folder):
    """Eq. (13)'s inputs read from the XML with ElementTree and numpy alone."""
    annotation = Annotation.read(folder)
    root, centre = annotation.root, "productInfo/sceneInfo/sceneCenterCoord/"
    vectors = root.findall("platform/orbit/stateVec")
    times = np.array([utc_seconds(v.findtext("timeUTC"), annotation.epoch) for v in vectors])
    positions = np.array([[float(v.findtext(f"pos{c}")) for c in "XYZ"] for v in vectors])
    t = utc_seconds(root.findtext(centre + "azimuthTimeUTC"), annotation.epoch)
    tau = (np.r_[times, t] - times.mean()) / 55.0
    fit = np.polynomial.polynomial.polyfit(tau[:-1], positions, 7)
    position = np.polynomial.polynomial.polyval(tau[-1], fit)
    velocity = np.polynomial.polynomial.polyval(
        tau[-1], np.polynomial.polynomial.polyder(fit)) / 55.0
    parameter = "processing/processingParameter/"
    return {"incidence_deg": annotation.number(centre + "incidenceAngle"),
            "azimuth_bandwidth_hz": max(annotation.number(parameter + "azimuthLookBandwidth"),
                                        annotation.number(parameter +
                                                          "totalProcessedAzimuthBandwidth")),
            "orbit_height_m": _geodetic_height(position),
            "velocity_m_s": float(np.linalg.norm(velocity)),
            "wavelength_m": C / annotation.number("instrument/radarParameters/centerFrequency"),
            "latitude_deg": annotation.number(centre + "lat"),
            "pass_direction": root.findtext("productInfo/missionInfo/orbitDirection").lower()}


def eq13(values, n_subbands, scr_db):
    """The paper's eq. (13), written out here."""
    v, h = values["velocity_m_s"], values["orbit_height_m"]
    bw, inc = values["azimuth_bandwidth_hz"], np.radians(values["incidence_deg"])
    scr = 10.0 ** (scr_db / 10.0)
    return (2.0 * v ** 4 * np.cos(inc) * (EARTH_RADIUS_M + h) ** 2
            / (WGS84_GM * values["wavelength_m"] * h * np.pi * bw ** 2)
            * np.sqrt(18.0 * n_subbands ** 4 / (scr * (n_subbands ** 2 - 1.0))))


@pytest.fixture(scope="module")
def tdx_values():
    return independent_plan_values(TDX)


def test_planner_reads_the_products_own_geometry(tdx_values):
    values = product_plan_values(TDX)
    expected = tdx_values
    assert values.incidence_deg == expected["incidence_deg"]  # 28.81 deg, as annotated
    assert values.azimuth_bandwidth_hz == expected["azimuth_bandwidth_hz"]  # 38.24 kHz
    assert 38000 < values.azimuth_bandwidth_hz < 38500
    assert values.orbit_height_m == pytest.approx(expected["orbit_height_m"], abs=0.01)
    assert values.velocity_m_s == pytest.approx(expected["velocity_m_s"], rel=1e-7)
    assert values.wavelength_m == pytest.approx(expected["wavelength_m"], rel=1e-12)
    assert values.latitude_deg == expected["latitude_deg"]
    assert values.pass_direction == expected["pass_direction"] == "ascending"
    assert values.sources["azimuth_bandwidth_hz"].endswith("azimuthLookBandwidth")
    assert values.sources["incidence_deg"].endswith("sceneCenterCoord/incidenceAngle")
    # the point-target measurement takes the same (not the 2.7 kHz beam) bandwidth
    settings = acquisition_settings(read_terrasar(TDX), HeightOptions())
    assert settings.bandwidth_hz == values.azimuth_bandwidth_hz


def test_planner_refuses_what_is_not_a_terrasar_product(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(PointTargetError, match=r"PRODUCT: .*holds no TerraSAR-X level1Product"):
        product_plan_values(tmp_path / "empty")


def test_image_range_geometry_puts_the_delay_back():
    """The point-target workflow works in the image's range: firstPixel as annotated."""
    geometry = read_terrasar(TDX)
    image = image_range_geometry(geometry)
    first_pixel = float(ET.parse(main_xml(TDX)).getroot().findtext(
        "productInfo/sceneInfo/rangeTime/firstPixel"))
    assert image.near_slant_range_m == pytest.approx(first_pixel * C / 2, abs=1e-6)
    assert image.first_line_time_s == geometry.first_line_time_s
    assert image_range_geometry(image) is image  # the delay goes back once
    assert geometry.extra["range_delay_m"] > 2.6  # the reader's geometry is untouched


def test_qgis_planner_from_the_real_product(qgis_processing, tdx_values):
    from qgis_helpers import collecting_feedback

    feedback = collecting_feedback()
    result = qgis_processing.run("sarheight:point_target_accuracy",
                                 {"PRODUCT": str(TDX), "SUBBANDS": 5, "SCR": 50.0},
                                 feedback=feedback)
    assert result["HEIGHT_STD"] == pytest.approx(eq13(tdx_values, 5, 50.0), rel=1e-6)
    assert 0.4 < result["HEIGHT_STD"] < 1.2  # paper: 0.5 m at 47.3 deg; steeper is worse
    log = "\n".join(feedback.lines)
    assert "sceneCenterCoord/incidenceAngle" in log and "azimuthLookBandwidth" in log
    # an explicit parameter overrides the product's value
    result = qgis_processing.run("sarheight:point_target_accuracy",
                                 {"PRODUCT": str(main_xml(TDX)), "INCIDENCE_ANGLE": 45.0,
                                  "SUBBANDS": 3, "SCR": 30.0})
    overridden = dict(tdx_values, incidence_deg=45.0)
    assert result["HEIGHT_STD"] == pytest.approx(eq13(overridden, 3, 30.0), rel=1e-6)


def test_qgis_planner_refuses_a_bad_product(qgis_processing, tmp_path):
    from qgis.core import QgsProcessingException

    out = tmp_path / "table.gpkg"
    with pytest.raises(QgsProcessingException, match=r"PRODUCT: .*level1Product"):
        qgis_processing.run("sarheight:point_target_accuracy",
                            {"PRODUCT": str(tmp_path), "OUTPUT_TABLE": str(out)})
    assert not out.exists()


# -- the writer follows the real products ----------------------------------------------------------

def element_paths(path):
    paths = set()

    def walk(element, prefix):
        here = f"{prefix}/{element.tag}"
        paths.add(here)
        for child in element:
            walk(child, here)

    walk(ET.parse(path).getroot(), "")
    return paths


@pytest.fixture(scope="module")
def centre_crop():
    """A 65 x 49 crop of the real TDX-1 geometry around its annotated scene centre."""
    geometry = read_terrasar(TDX)
    centre = Annotation.read(TDX).root.find("productInfo/sceneInfo/sceneCenterCoord")
    start = utc_seconds(centre.findtext("azimuthTimeUTC"), geometry.orbit.epoch)
    tau = float(centre.findtext("rangeTime"))
    spacing = geometry.range_pixel_spacing_m
    return dataclasses.replace(
        geometry, lines=65, samples=49, gcps=[],
        first_line_time_s=start - geometry.extra["azimuth_shift_s"]
        - 32 * geometry.azimuth_time_interval_s,
        near_slant_range_m=(tau - geometry.extra["range_delay_s"]) * C / 2 - 24 * spacing)


@pytest.fixture(scope="module")
def written(centre_crop, tmp_path_factory):
    folder = tmp_path_factory.mktemp("written")
    xml = write_terrasar_product(folder / "with_georef", centre_crop, georef=True)
    plain = write_terrasar_product(folder / "without_georef", centre_crop)
    return Path(xml), Path(plain)


def test_written_product_has_the_real_products_elements(written):
    xml = written[0]
    real, ours = element_paths(main_xml(TDX)), element_paths(xml)
    assert ours - real == set()  # nothing a real product does not have
    followed = {
        "/level1Product/productComponents/imageData/file/size",
        "/level1Product/productInfo/acquisitionInfo/polarisationList/polLayer",
        "/level1Product/productInfo/imageDataInfo/imageDataFormat",
        "/level1Product/productInfo/sceneInfo/sceneCenterCoord/incidenceAngle",
        "/level1Product/productInfo/sceneInfo/sceneCornerCoord/azimuthTimeUTC",
        "/level1Product/productInfo/sceneInfo/headingAngle",
        "/level1Product/productSpecific/complexImageInfo/projectedSpacingRange/groundNear",
        "/level1Product/processing/geometry/geometryCoordinateType",
        "/level1Product/platform/orbit/orbitHeader/numStateVectors",
    }
    assert followed <= ours
    georef_real = element_paths(TDX / "ANNOTATION" / "GEOREF.xml")
    georef_ours = element_paths(xml.parent / "ANNOTATION" / "GEOREF.xml")
    assert georef_ours - georef_real == set()
    assert {"/geoReference/signalPropagationEffects/rangeDelay/coefficient",
            "/geoReference/geolocationGrid/gridPoint/inc",
            "/geoReference/geolocationGrid/spacingOfGridPoints/range"} <= georef_ours


def test_written_scene_values_agree_with_the_real_annotation(written):
    """At the real scene centre the writer annotates what TMSP annotated."""
    ours = ET.parse(written[0]).getroot()
    real = ET.parse(main_xml(TDX)).getroot()

    def both(path):
        return float(ours.findtext(path)), float(real.findtext(path))

    centre = "productInfo/sceneInfo/sceneCenterCoord/"
    # TMSP places the centre on its DEM (26 m there), the writer at sceneAverageHeight (14 m):
    # 12 m of height move it 22 m across track (2.2e-4 deg of longitude)
    for tag, tolerance in (("lat", 5e-4), ("lon", 5e-4), ("incidenceAngle", 1e-2),
                           ("rangeTime", 1e-12)):
        mine, theirs = both(centre + tag)
        assert mine == pytest.approx(theirs, abs=tolerance), tag
    times = [utc_seconds(root.findtext(centre + "azimuthTimeUTC"), np.datetime64("2023-10-05"))
             for root in (ours, real)]
    assert times[0] == pytest.approx(times[1], abs=1e-8)
    assert both("productInfo/sceneInfo/headingAngle")[0] == pytest.approx(
        both("productInfo/sceneInfo/headingAngle")[1], abs=0.01)
    speed = both("processing/geometry/zeroDopplerVelocity/velocity")
    assert speed[0] == pytest.approx(speed[1], abs=0.1)  # the footprint's, not the orbit's
    spacing = both("productSpecific/complexImageInfo/projectedSpacingAzimuth")
    assert spacing[0] == pytest.approx(spacing[1], rel=1e-3)


def test_written_product_reads_back_with_its_effects(written, centre_crop):
    with_georef, without_georef = (read_terrasar(path) for path in written)
    assert with_georef.near_slant_range_m == pytest.approx(centre_crop.near_slant_range_m,
                                                           abs=1e-6)
    assert with_georef.first_line_time_s == pytest.approx(centre_crop.first_line_time_s,
                                                          abs=1e-9)
    for key in ("range_delay_s", "azimuth_shift_s"):
        assert with_georef.extra[key] == pytest.approx(centre_crop.extra[key], rel=1e-12)
    np.testing.assert_array_equal(with_georef.orbit.velocities, centre_crop.orbit.velocities)
    # the written tie points come back out of geo2rdr
    points = np.array([g + (0.0, 0.0) for g in with_georef.gcps])
    d_line, d_sample, _, _ = residuals(with_georef, points)
    assert np.abs(d_line).max() < 1e-3 and np.abs(d_sample).max() < 1e-3
    # without GEOREF.xml the times are the image's, as in a real product without it
    assert without_georef.near_slant_range_m == pytest.approx(
        centre_crop.near_slant_range_m + centre_crop.extra["range_delay_m"], abs=1e-6)
    assert without_georef.extra["range_delay_s"] == 0.0


def test_writer_makes_records_of_given_totals(centre_crop, tmp_path):
    """Totals without records (e.g. from a simulation) become degree-0 GEOREF records."""
    xml = write_terrasar_product(tmp_path / "totals", centre_crop, georef=True,
                                 extra_metadata={"signal_propagation_effects": []})
    back = read_terrasar(xml)
    assert [r["kind"] for r in back.extra["signal_propagation_effects"]] == [
        "range_delay", "azimuth_shift"]
    for key in ("range_delay_s", "azimuth_shift_s"):
        assert back.extra[key] == pytest.approx(centre_crop.extra[key], rel=1e-12)
    assert back.near_slant_range_m == pytest.approx(centre_crop.near_slant_range_m, abs=1e-6)
