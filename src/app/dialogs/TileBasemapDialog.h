// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;

namespace tessera::app {

class TileLayer;

/// The online tile basemap's settings, kept in QSettings ("map/tiles/…"). Off by default.
struct TileBasemapSettings {
    bool enabled = false;
    QString urlTemplate;
    QString attribution;

    /// The stored settings; OpenStreetMap's URL and attribution when none are stored.
    [[nodiscard]] static TileBasemapSettings load();
    void save() const;
    /// Puts them on a tile layer.
    void applyTo(TileLayer& layer) const;
};

/// View → Basemap → Tile Basemap Settings: the URL template ({z}/{x}/{y}) and the attribution shown
/// on the map. OK stays disabled while the URL can't be used, with the reason below the field.
class TileBasemapDialog : public QDialog {
    Q_OBJECT

public:
    TileBasemapDialog(const TileBasemapSettings& settings, QWidget* parent = nullptr);

    /// The edited settings (enabled is passed through unchanged).
    [[nodiscard]] TileBasemapSettings settings() const;
    [[nodiscard]] QLineEdit* urlEdit() const { return url_; }
    [[nodiscard]] QLineEdit* attributionEdit() const { return attribution_; }
    [[nodiscard]] QPushButton* okButton() const { return ok_; }

private:
    void validate();
    void restoreDefaults();

    bool enabled_;
    QLineEdit* url_;
    QLineEdit* attribution_;
    QLabel* problem_;
    QPushButton* ok_ = nullptr;
};

}  // namespace tessera::app
