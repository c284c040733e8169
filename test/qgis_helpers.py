"""Helpers shared by the QGIS algorithm tests (imported by name: pytest puts test/ on sys.path)."""


def collecting_feedback():
    """A QgsProcessingFeedback that keeps what the algorithm says.

    ``lines`` holds the pushInfo texts and ``errors`` the (message, fatal) pairs of reportError
    (warnings have fatal False).
    """
    from qgis.core import QgsProcessingFeedback

    class Collecting(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines, self.errors = [], []

        def pushInfo(self, info):  # noqa: N802 (QGIS API)
            self.lines.append(info)
            super().pushInfo(info)

        def reportError(self, error, fatalError=False):  # noqa: N802, N803 (QGIS API)
            self.errors.append((error, fatalError))
            super().reportError(error, fatalError)

    return Collecting()


def prior_points_layer(points, crs):
    """A memory point layer of prior heights, the height in the field "h".

    ``points`` are (x, y, height_m) in ``crs`` (a QgsCoordinateReferenceSystem).
    """
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer("Point?field=h:double", "priors", "memory")
    layer.setCrs(crs)
    features = []
    for x, y, height in points:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feature.setAttributes([float(height)])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer
