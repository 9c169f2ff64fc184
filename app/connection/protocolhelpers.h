#pragma once

#include "io/result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace Sockscope {

// The composer's protocol helpers: a frame of STOMP, JSON-RPC, GraphQL over WebSocket or MQTT
// built from a few fields, to be sent as a plain WebSocket message. Each helper names its
// fields; build() checks them and gives the message, or a sentence naming the field.
struct ProtocolHelper
{
    struct Field
    {
        QString key; // "destination"
        QString label; // "Destination"
        QString value; // the default
    };
    struct Message
    {
        QByteArray data;
        bool binary = false;
    };

    QString protocol; // "STOMP"
    QString name; // "SUBSCRIBE"
    QList<Field> fields;
    std::function<Result<Message>(const QMap<QString, QString> &values)> build;

    // Every helper, in menu order. nextId gives a JSON-RPC call a fresh id (a tab's own counter).
    static QList<ProtocolHelper> all(const std::function<qint64()> &nextId);
};

} // namespace Sockscope
