#include "passwordhasher.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace {

QByteArray derive(const std::string &password, const QByteArray &salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256,
                                              QByteArray::fromStdString(password),
                                              salt,
                                              iterations,
                                              32);
}

} // namespace

namespace PasswordHasher {

Account makeAccount(const std::string &username,
                    const std::string &name,
                    const std::string &role,
                    const std::string &password,
                    int iterations)
{
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()),
                                          salt.size() / int(sizeof(quint32)));
    Account account;
    account.username = username;
    account.name = name;
    account.role = role;
    account.iterations = iterations;
    account.salt = salt.toBase64().toStdString();
    account.hash = derive(password, salt, iterations).toBase64().toStdString();
    return account;
}

bool verify(const Account &account, const std::string &password)
{
    const QByteArray salt = QByteArray::fromBase64(QByteArray::fromStdString(account.salt));
    const QByteArray expected = QByteArray::fromBase64(QByteArray::fromStdString(account.hash));
    const QByteArray actual = derive(password, salt, account.iterations);
    if (expected.size() != actual.size() || expected.isEmpty())
        return false;
    // Constant time, so the comparison leaks nothing about the hash.
    unsigned char diff = 0;
    for (qsizetype i = 0; i < actual.size(); ++i)
        diff |= static_cast<unsigned char>(actual.at(i) ^ expected.at(i));
    return diff == 0;
}

const Account &dummyAccount()
{
    static const Account dummy = [] {
        QByteArray secret(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()),
                                              secret.size() / int(sizeof(quint32)));
        return makeAccount({}, {}, {}, secret.toBase64().toStdString());
    }();
    return dummy;
}

} // namespace PasswordHasher
