#pragma once

#include "log/wirelog.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Sockscope {
class MessageLogModel;
}

namespace Sockscope::FrameDetail {

// The most payload bytes shown in hex per frame: a frame may be megabytes, and the message's
// own Hex view shows all of it.
constexpr qsizetype kMaxHexBytes = 4096;

// A frame's header as it was on the wire (2 to 14 bytes), rebuilt from what the log keeps. A
// length the log capped (past 4 GiB) is written as the cap.
QByteArray headerBytes(const WireLog::Record &frame);

// One frame in full, as the inspector's Wire view shows it: its fields, its header bytes, and
// its payload in hex both unmasked and masked as it was sent. payload is the frame's payload,
// unmasked; shown is the same with the user's secrets masked (SecretMask). When the two differ
// the masked bytes are not shown, as they and the key would give the secret back. A handshake
// head is shown as its text (shown). number and count place it among its row's frames.
// bytesPerLine: of the hex dumps (see HexLayout::bytesPerLineFitting).
QString describe(const WireLog::Record &frame, const QByteArray &payload, const QByteArray &shown,
                 const QString &verdict, qsizetype number, qsizetype count, int bytesPerLine = 16);

// The most frames of one row described at once.
constexpr qsizetype kMaxFramesShown = 64;

// Every frame of one log row (by sequence number), each described; focus (an index into the
// log's wire, or -1) is among them and its block starts at focusLine.
struct RowFrames
{
    QString text; // empty when the row has no frames
    int focusLine = 0;
};
RowFrames describeRow(const MessageLogModel &log, quint64 seq, qsizetype focus = -1,
                      int bytesPerLine = 16);

// Hex dump lines (HexLayout's format) of the first kMaxHexBytes of data, and a line saying how
// much is left out of total bytes (data's size when -1).
QString hexDump(QByteArrayView data, qint64 total = -1, int bytesPerLine = 16);

} // namespace Sockscope::FrameDetail
