// SPDX-License-Identifier: Apache-2.0
#include "TileBasemapDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "app/canvas/TileLayer.h"

namespace tessera::app {

namespace {
constexpr auto kEnabledKey = "map/tiles/enabled";
constexpr auto kUrlKey = "map/tiles/url";
constexpr auto kAttributionKey = "map/tiles/attribution";
}  // namespace

TileBasemapSettings TileBasemapSettings::load() {
    const QSettings stored;
    TileBasemapSettings settings;
    settings.enabled = stored.value(QLatin1String(kEnabledKey), false).toBool();
    settings.urlTemplate =
        stored.value(QLatin1String(kUrlKey), QString::fromUtf8(TileLayer::kDefaultUrl)).toString();
    settings.attribution = stored
                               .value(QLatin1String(kAttributionKey),
                                      QString::fromUtf8(TileLayer::kDefaultAttribution))
                               .toString();
    return settings;
}

void TileBasemapSettings::save() const {
    QSettings stored;
    stored.setValue(QLatin1String(kEnabledKey), enabled);
    stored.setValue(QLatin1String(kUrlKey), urlTemplate);
    stored.setValue(QLatin1String(kAttributionKey), attribution);
}

void TileBasemapSettings::applyTo(TileLayer& layer) const {
    layer.setUrlTemplate(urlTemplate.trimmed());
    layer.setAttribution(attribution);
    layer.setEnabled(enabled && TileLayer::validateUrlTemplate(urlTemplate).isEmpty());
}

TileBasemapDialog::TileBasemapDialog(const TileBasemapSettings& settings, QWidget* parent)
    : QDialog(parent),
      enabled_(settings.enabled),
      url_(new QLineEdit(settings.urlTemplate, this)),
      attribution_(new QLineEdit(settings.attribution, this)),
      problem_(new QLabel(this)) {
    setWindowTitle(tr("Tile Basemap Settings"));
    setObjectName(QStringLiteral("tileBasemapDialog"));
    url_->setObjectName(QStringLiteral("tileUrlEdit"));
    url_->setMinimumWidth(420);
    url_->setPlaceholderText(QString::fromUtf8(TileLayer::kDefaultUrl));
    attribution_->setObjectName(QStringLiteral("tileAttributionEdit"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #B00020;"));

    auto* intro = new QLabel(
        tr("An online raster basemap drawn under the areas: XYZ tiles (256 px, Web Mercator) "
           "from the address below, where {z} is the zoom, {x} the column and {y} the row; "
           "{r} becomes \"@2x\" on a HiDPI screen, for servers with 512-px retina tiles. "
           "Show the attribution the tile provider requires. Tiles are cached on disk; "
           "OpenStreetMap's servers are for light use only (see its tile usage policy)."),
        this);
    intro->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Tile &URL:"), url_);
    form->addRow(QString(), problem_);
    form->addRow(tr("&Attribution:"), attribution_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    QPushButton* defaults =
        buttons->addButton(tr("&OpenStreetMap Defaults"), QDialogButtonBox::ResetRole);
    connect(defaults, &QPushButton::clicked, this, &TileBasemapDialog::restoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(url_, &QLineEdit::textChanged, this, &TileBasemapDialog::validate);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    validate();
}

TileBasemapSettings TileBasemapDialog::settings() const {
    return {enabled_, url_->text().trimmed(), attribution_->text().trimmed()};
}

void TileBasemapDialog::validate() {
    const QString problem = TileLayer::validateUrlTemplate(url_->text());
    problem_->setText(problem);
    problem_->setVisible(!problem.isEmpty());
    if (ok_ != nullptr) {
        ok_->setEnabled(problem.isEmpty());
    }
}

void TileBasemapDialog::restoreDefaults() {
    url_->setText(QString::fromUtf8(TileLayer::kDefaultUrl));
    attribution_->setText(QString::fromUtf8(TileLayer::kDefaultAttribution));
}

}  // namespace tessera::app
