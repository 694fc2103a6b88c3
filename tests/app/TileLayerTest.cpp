// SPDX-License-Identifier: Apache-2.0
// The online tile basemap against a tile server on loopback (never the internet): which tiles
// are asked for, with what User-Agent, that they are drawn under the areas, and that a server
// that answers 404 or is not there leaves the map drawable.

#include <gtest/gtest.h>

#include <QAction>
#include <QBuffer>
#include <QDeadlineTimer>
#include <QDir>
#include <QHostAddress>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>
#include <set>
#include <string>

#include "AppTestProject.h"
#include "GuiWait.h"
#include "app/Document.h"
#include "app/MainWindow.h"
#include "app/MapActions.h"
#include "app/canvas/MapCanvas.h"
#include "app/canvas/TileLayer.h"
#include "app/dialogs/TileBasemapDialog.h"

using namespace tessera;
using namespace tessera::app;

namespace {

using test::waitUntil;

/// A minimal HTTP/1.1 server on 127.0.0.1: answers every GET with a 256 × 256 red PNG (or
/// with 404) and records the request path and User-Agent.
class LoopbackTileServer : public QObject {
public:
    LoopbackTileServer() {
        QImage tile(256, 256, QImage::Format_RGB32);
        tile.fill(QColor(255, 0, 0));
        QBuffer buffer(&png_);
        buffer.open(QIODevice::WriteOnly);
        tile.save(&buffer, "PNG");
        QObject::connect(&server_, &QTcpServer::newConnection, this, [this] { accept(); });
        listening_ = server_.listen(QHostAddress::LocalHost, 0);
    }

    [[nodiscard]] bool isListening() const { return listening_; }
    [[nodiscard]] quint16 port() const { return server_.serverPort(); }
    void setNotFound(bool notFound) { notFound_ = notFound; }
    /// Answers each tile in its own colour (tileColor) instead of red.
    void setColourByTile(bool byTile) { colourByTile_ = byTile; }
    static QColor tileColor(int z, int x, int y) {
        return QColor(40 + (x * 37) % 200, 40 + (y * 53) % 200, 40 + (z * 11) % 200);
    }
    [[nodiscard]] QString urlTemplate() const {
        return QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(port());
    }
    std::vector<std::string> paths;
    std::vector<std::string> userAgents;

private:
    void accept() {
        while (QTcpSocket* socket = server_.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, this,
                             [this, socket] { onReadyRead(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }
    void onReadyRead(QTcpSocket* socket) {
        QByteArray buffered = socket->property("buffered").toByteArray() + socket->readAll();
        // Keep-alive: answer every complete request in the buffer.
        for (qsizetype end = buffered.indexOf("\r\n\r\n"); end >= 0;
             end = buffered.indexOf("\r\n\r\n")) {
            const QByteArray head = buffered.left(end);
            buffered.remove(0, end + 4);
            const QList<QByteArray> lines = head.split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            paths.push_back(requestLine.value(1).toStdString());
            std::string agent;
            for (const QByteArray& line : lines) {
                if (line.toLower().startsWith("user-agent:")) {
                    agent = line.mid(11).trimmed().toStdString();
                }
            }
            userAgents.push_back(agent);
            QByteArray response;
            if (notFound_) {
                const QByteArray body = "not found";
                response =
                    "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body;
            } else {
                QByteArray body = png_;
                const QList<QByteArray> zxy = requestLine.value(1).split('/');
                if (colourByTile_ && zxy.size() == 4) {
                    QImage tile(256, 256, QImage::Format_RGB32);
                    tile.fill(
                        tileColor(zxy[1].toInt(), zxy[2].toInt(), zxy[3].split('.')[0].toInt()));
                    body.clear();
                    QBuffer buffer(&body);
                    buffer.open(QIODevice::WriteOnly);
                    tile.save(&buffer, "PNG");
                }
                response = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: " +
                           QByteArray::number(body.size()) + "\r\n\r\n" + body;
            }
            socket->write(response);
        }
        socket->setProperty("buffered", buffered);
    }

    QTcpServer server_;
    QByteArray png_;
    bool listening_ = false;
    bool notFound_ = false;
    bool colourByTile_ = false;
};

/// The XYZ tile of a lon/lat point (the usual slippy-map formula, independent of TileLayer).
std::pair<int, int> slippyTile(double lon, double lat, int zoom) {
    const double n = std::pow(2.0, zoom);
    const double latRad = lat * M_PI / 180.0;
    const int x = static_cast<int>(std::floor((lon + 180.0) / 360.0 * n));
    const int y =
        static_cast<int>(std::floor((1.0 - std::asinh(std::tan(latRad)) / M_PI) / 2.0 * n));
    return {x, y};
}

class TileLayerTest : public ::testing::Test {
protected:
    // Zoom 6 exactly: one tile pixel per screen pixel; 500 × 500 around (2°E, 2°N).
    static constexpr int kZoom = 6;
    void SetUp() override {
        ASSERT_TRUE(cacheDir_.isValid());
        ASSERT_TRUE(server_.isListening());
        document_.resetProject(test::gridProject(4, 4, 2), QString());
        canvas_ = std::make_unique<MapCanvas>(&document_);
        canvas_->tileLayer()->setCacheDirectory(cacheDir_.path());
        canvas_->resize(500, 500);
        canvas_->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(canvas_.get()));
        const double metresPerPixel =
            2.0 * render::Viewport::kMercatorHalfWorld / (256.0 * std::pow(2.0, kZoom));
        canvas_->setViewport(render::Viewport(
            QSize(500, 500), render::Viewport::mercatorFromLonLat(2.0, 2.0), metresPerPixel));
        canvas_->renderNow();
        ASSERT_TRUE(
            waitUntil([this] { return canvas_->hasRendered() && !canvas_->isRenderPending(); }));
    }

    /// The tiles under the view's corners and everything between, as "/z/x/y.png".
    std::set<std::string> expectedPaths() const {
        const render::Viewport& view = canvas_->viewport();
        const Point topLeft = view.screenToLonLat(QPointF(0.0, 0.0));
        const Point bottomRight = view.screenToLonLat(QPointF(500.0, 500.0));
        const auto [x0, y0] = slippyTile(topLeft.x(), topLeft.y(), kZoom);
        const auto [x1, y1] = slippyTile(bottomRight.x(), bottomRight.y(), kZoom);
        std::set<std::string> paths;
        for (int x = x0; x <= x1; ++x) {
            for (int y = y0; y <= y1; ++y) {
                paths.insert("/" + std::to_string(kZoom) + "/" + std::to_string(x) + "/" +
                             std::to_string(y) + ".png");
            }
        }
        return paths;
    }
    QColor pixel(int x, int y) const { return canvas_->grab().toImage().pixelColor(x, y); }
    /// A point inside area 0 (lon 0–1, lat 0–1) away from its account dot and its boundary.
    QPoint insideArea0() const {
        return canvas_->viewport().lonLatToScreen(Point(0.25, 0.25)).toPoint();
    }
    void enableTiles() {
        canvas_->tileLayer()->setUrlTemplate(server_.urlTemplate());
        canvas_->tileLayer()->setEnabled(true);
        canvas_->update();
    }

    QTemporaryDir cacheDir_;
    LoopbackTileServer server_;
    Document document_;
    std::unique_ptr<MapCanvas> canvas_;
};

}  // namespace

TEST_F(TileLayerTest, OffByDefaultAndAsksForNothing) {
    EXPECT_FALSE(canvas_->tileLayer()->isEnabled());
    canvas_->repaint();
    QTest::qWait(50);
    EXPECT_TRUE(server_.paths.empty());
    EXPECT_EQ(canvas_->tileLayer()->pendingRequestCount(), 0);
}

TEST_F(TileLayerTest, RequestsTheViewsTilesWithUserAgentAndDrawsThemUnderTheAreas) {
    const QColor areaWithoutTiles = pixel(insideArea0().x(), insideArea0().y());
    const QColor cornerWithoutTiles = pixel(5, 5);
    EXPECT_NE(cornerWithoutTiles.red(), 255);

    enableTiles();
    const std::set<std::string> expected = expectedPaths();
    ASSERT_GE(expected.size(), 4U);
    ASSERT_TRUE(waitUntil([&] {
        return canvas_->tileLayer()->loadedTileCount() == static_cast<int>(expected.size()) &&
               !canvas_->isRenderPending();
    })) << "loaded "
        << canvas_->tileLayer()->loadedTileCount() << " of " << expected.size();

    // Exactly the tiles of the view, each once.
    EXPECT_EQ(std::set<std::string>(server_.paths.begin(), server_.paths.end()), expected);
    EXPECT_EQ(server_.paths.size(), expected.size());
    for (const std::string& agent : server_.userAgents) {
        EXPECT_EQ(agent, TileLayer::userAgent().toStdString());
        EXPECT_EQ(agent.rfind("Tessera/", 0), 0U) << agent;
        EXPECT_NE(agent.find("(+http"), std::string::npos) << agent;
    }

    // The red tiles show where there are no areas, and through the areas' fills.
    const QColor corner = pixel(5, 5);
    EXPECT_EQ(corner, QColor(255, 0, 0));
    // The area's fill is see-through: its colour blended over the red tile.
    const QColor area = pixel(insideArea0().x(), insideArea0().y());
    const double alpha = 140.0 / 255.0;
    EXPECT_NEAR(area.red(), areaWithoutTiles.red() * alpha + 255.0 * (1.0 - alpha), 6.0);
    EXPECT_NEAR(area.green(), areaWithoutTiles.green() * alpha, 6.0);
    EXPECT_NEAR(area.blue(), areaWithoutTiles.blue() * alpha, 6.0);

    // Turning them off asks for nothing more and draws the map as before.
    canvas_->tileLayer()->setEnabled(false);
    ASSERT_TRUE(waitUntil([this] { return !canvas_->isRenderPending(); }));
    EXPECT_EQ(pixel(5, 5), cornerWithoutTiles);
    EXPECT_EQ(pixel(insideArea0().x(), insideArea0().y()), areaWithoutTiles);
}

TEST_F(TileLayerTest, EachTileIsDrawnWhereItsPlaceIsOnTheMap) {
    server_.setColourByTile(true);
    enableTiles();
    const auto expected = static_cast<int>(expectedPaths().size());
    ASSERT_TRUE(waitUntil([&] {
        return canvas_->tileLayer()->loadedTileCount() == expected && !canvas_->isRenderPending();
    }));
    const QImage shot = canvas_->grab().toImage();
    // Places outside the grid of areas, the scale bar and the overview inset, each well inside
    // its tile (slippy-map formula).
    int checked = 0;
    for (const auto& [lon, lat] : std::vector<std::pair<double, double>>{
             {-2.5, 6.0}, {7.0, 6.5}, {-2.5, -1.0}, {3.0, -1.5}, {-1.0, 1.0}, {2.0, 6.0}}) {
        const double n = std::pow(2.0, kZoom);
        const double fx = (lon + 180.0) / 360.0 * n;
        const double fy = (1.0 - std::asinh(std::tan(lat * M_PI / 180.0)) / M_PI) / 2.0 * n;
        if (fx - std::floor(fx) < 0.05 || fx - std::floor(fx) > 0.95 ||
            fy - std::floor(fy) < 0.05 || fy - std::floor(fy) > 0.95) {
            continue;  // too close to a tile edge to tell
        }
        const QPoint at = canvas_->viewport().lonLatToScreen(Point(lon, lat)).toPoint();
        ASSERT_TRUE(shot.rect().contains(at)) << lon << "," << lat;
        EXPECT_EQ(shot.pixelColor(at),
                  LoopbackTileServer::tileColor(kZoom, static_cast<int>(fx), static_cast<int>(fy)))
            << "at " << lon << "," << lat;
        ++checked;
    }
    EXPECT_GE(checked, 4);
}

TEST_F(TileLayerTest, ZoomingInAsksForTheNextZoomLevel) {
    enableTiles();
    ASSERT_TRUE(waitUntil([&] {
        return canvas_->tileLayer()->pendingRequestCount() == 0 &&
               canvas_->tileLayer()->loadedTileCount() > 0;
    }));
    server_.paths.clear();
    canvas_->zoomAbout(QPointF(250.0, 250.0), 2.0);
    canvas_->repaint();
    ASSERT_TRUE(waitUntil([&] {
        return canvas_->tileLayer()->pendingRequestCount() == 0 && !server_.paths.empty();
    }));
    for (const std::string& path : server_.paths) {
        EXPECT_EQ(path.rfind("/7/", 0), 0U) << path;
    }
}

TEST_F(TileLayerTest, NotFoundLeavesTheBasemapEmptyAndReportsOnce) {
    server_.setNotFound(true);
    QSignalSpy failed(canvas_->tileLayer(), &TileLayer::tileFailed);
    const QColor cornerWithoutTiles = pixel(5, 5);
    enableTiles();
    const auto expected = static_cast<int>(expectedPaths().size());
    ASSERT_TRUE(waitUntil([&] { return canvas_->tileLayer()->failedTileCount() == expected; }));
    ASSERT_TRUE(waitUntil([this] { return !canvas_->isRenderPending(); }));
    EXPECT_EQ(canvas_->tileLayer()->loadedTileCount(), 0);
    ASSERT_EQ(failed.count(), 1);
    EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("404")));
    // Still drawn: the background where the tiles would be, the areas over it.
    canvas_->repaint();
    EXPECT_EQ(pixel(5, 5), cornerWithoutTiles);
    const QColor area = pixel(insideArea0().x(), insideArea0().y());
    EXPECT_NE(area, cornerWithoutTiles);
    // Failed tiles are not asked for again on every repaint.
    const std::size_t asked = server_.paths.size();
    canvas_->repaint();
    QTest::qWait(50);
    EXPECT_EQ(server_.paths.size(), asked);
}

TEST_F(TileLayerTest, ClosedServerLeavesTheMapDrawable) {
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }  // closed: connections are refused
    QSignalSpy failed(canvas_->tileLayer(), &TileLayer::tileFailed);
    canvas_->tileLayer()->setUrlTemplate(
        QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(closedPort));
    canvas_->tileLayer()->setEnabled(true);
    canvas_->repaint();
    ASSERT_TRUE(waitUntil(
        [&] { return failed.count() > 0 && canvas_->tileLayer()->pendingRequestCount() == 0; }));
    EXPECT_EQ(failed.count(), 1);
    EXPECT_EQ(canvas_->tileLayer()->loadedTileCount(), 0);
    ASSERT_TRUE(waitUntil([this] { return !canvas_->isRenderPending(); }));
    const QImage shot = canvas_->grab().toImage();
    EXPECT_FALSE(shot.isNull());
    EXPECT_NE(shot.pixelColor(insideArea0()), shot.pixelColor(5, 5));  // areas still drawn
}

TEST(TileLayerUrl, TemplatesAreValidatedAndFilledIn) {
    EXPECT_TRUE(
        TileLayer::validateUrlTemplate(QString::fromUtf8(TileLayer::kDefaultUrl)).isEmpty());
    EXPECT_FALSE(TileLayer::validateUrlTemplate(QStringLiteral("")).isEmpty());
    EXPECT_FALSE(
        TileLayer::validateUrlTemplate(QStringLiteral("https://a.example/{z}/{x}.png")).isEmpty());
    EXPECT_FALSE(TileLayer::validateUrlTemplate(QStringLiteral("ftp://a.example/{z}/{x}/{y}.png"))
                     .isEmpty());
    EXPECT_FALSE(
        TileLayer::validateUrlTemplate(QStringLiteral("/tiles/{z}/{x}/{y}.png")).isEmpty());
    TileLayer layer(QStringLiteral("/nonexistent-cache-not-used"));
    layer.setUrlTemplate(QStringLiteral("http://127.0.0.1:9/t/{z}/{x}/{y}.png?k=1"));
    EXPECT_EQ(layer.urlOf({3, 5, 2}), QStringLiteral("http://127.0.0.1:9/t/3/5/2.png?k=1"));
    EXPECT_EQ(TileLayer::zoomFor(2.0 * render::Viewport::kMercatorHalfWorld / 256.0), 0);
    EXPECT_EQ(TileLayer::zoomFor(2.0 * render::Viewport::kMercatorHalfWorld / (256.0 * 1024.0)),
              10);
    EXPECT_EQ(TileLayer::zoomFor(0.01), TileLayer::kMaxZoom);
    // A world view wraps columns instead of asking for tiles outside [0, 2^z).
    const render::Viewport world(QSize(2000, 500), QPointF(0.0, 0.0),
                                 2.0 * render::Viewport::kMercatorHalfWorld / 512.0);
    for (const TileKey& key : TileLayer::tilesFor(world, 1)) {
        EXPECT_GE(key.x, 0);
        EXPECT_LT(key.x, 2);
        EXPECT_GE(key.y, 0);
        EXPECT_LT(key.y, 2);
    }
}

TEST(TileLayerUrl, RetinaTilesOnHiDpiScreens) {
    TileLayer layer(QStringLiteral("/nonexistent-cache-not-used"));
    layer.setUrlTemplate(QStringLiteral("http://127.0.0.1:1/{z}/{x}/{y}{r}.png"));
    EXPECT_EQ(layer.urlOf({3, 1, 2}), QStringLiteral("http://127.0.0.1:1/3/1/2.png"));
    QSignalSpy reloaded(&layer, &TileLayer::tilesChanged);
    layer.setDevicePixelRatio(2.0);
    EXPECT_EQ(layer.urlOf({3, 1, 2}), QStringLiteral("http://127.0.0.1:1/3/1/2@2x.png"));
    EXPECT_EQ(reloaded.count(), 1);  // the tiles in memory were of the other resolution
    layer.setDevicePixelRatio(1.5);  // still HiDPI: the same tiles
    EXPECT_EQ(layer.urlOf({3, 1, 2}), QStringLiteral("http://127.0.0.1:1/3/1/2@2x.png"));
    EXPECT_EQ(reloaded.count(), 1);
    layer.setDevicePixelRatio(1.0);
    EXPECT_EQ(layer.urlOf({3, 1, 2}), QStringLiteral("http://127.0.0.1:1/3/1/2.png"));
    // A template without {r} is the same at any ratio.
    layer.setUrlTemplate(QStringLiteral("http://127.0.0.1:1/{z}/{x}/{y}.png"));
    layer.setDevicePixelRatio(2.0);
    EXPECT_EQ(layer.urlOf({3, 1, 2}), QStringLiteral("http://127.0.0.1:1/3/1/2.png"));
}

TEST(TileBasemapSettingsTest, DialogRefusesBadUrlAndTheMenuActionIsRemembered) {
    QSettings().remove(QStringLiteral("map/tiles"));
    const TileBasemapSettings defaults = TileBasemapSettings::load();
    EXPECT_FALSE(defaults.enabled);
    EXPECT_EQ(defaults.urlTemplate, QString::fromUtf8(TileLayer::kDefaultUrl));
    EXPECT_EQ(defaults.attribution, QStringLiteral("\u00A9 OpenStreetMap contributors"));

    TileBasemapDialog dialog(defaults);
    EXPECT_TRUE(dialog.okButton()->isEnabled());
    dialog.urlEdit()->setText(QStringLiteral("https://tiles.example/{z}/{y}.png"));
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    dialog.urlEdit()->setText(QStringLiteral("http://127.0.0.1:1/{z}/{x}/{y}.png"));
    dialog.attributionEdit()->setText(QStringLiteral("Test tiles"));
    EXPECT_TRUE(dialog.okButton()->isEnabled());
    // Never the internet: the stored URL points at a closed loopback port.
    dialog.settings().save();

    {
        MainWindow window;
        QAction* action = window.mapActions()->tileBasemapAction();
        EXPECT_TRUE(action->isCheckable());
        EXPECT_FALSE(action->isChecked());
        EXPECT_FALSE(window.canvas()->tileLayer()->isEnabled());
        action->trigger();
        EXPECT_TRUE(window.canvas()->tileLayer()->isEnabled());
        EXPECT_EQ(window.canvas()->tileLayer()->attribution(), QStringLiteral("Test tiles"));
    }
    EXPECT_TRUE(TileBasemapSettings::load().enabled);
    {
        MainWindow window;
        EXPECT_TRUE(window.mapActions()->tileBasemapAction()->isChecked());
        EXPECT_TRUE(window.canvas()->tileLayer()->isEnabled());
        window.mapActions()->tileBasemapAction()->trigger();
        EXPECT_FALSE(window.canvas()->tileLayer()->isEnabled());
    }
    EXPECT_FALSE(TileBasemapSettings::load().enabled);
    QSettings().remove(QStringLiteral("map/tiles"));
}
