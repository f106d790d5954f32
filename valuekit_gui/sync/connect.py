"""Connect this library to a team server from the app: the address and the token the
administrator gave (``valuekit server user add`` prints it once). The check runs off the
main thread (the server may be slow or unreachable); a refusal is shown in the dialog,
in the user's language, and nothing is changed until the server accepted the token. The
token is kept by the core's credential store (the system keyring or a private file),
never in the library."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.sync.engine import setup
from valuekit.sync.state import get_setting
from valuekit_gui.common.errors import report_exception, user_message
from valuekit_gui.common.i18n import add_strings, tr
from valuekit_gui.common.tasks import Task, run_in_thread, store_call

add_strings({
    "connect.title": ("连接团队服务器", "Connect to a team server"),
    "connect.intro": ("填写管理员给您的服务器地址和令牌。令牌保存在系统钥匙串或仅您可读的文件中，不会写入价值库。",
                      "Enter the server address and the token your administrator gave you. The token is"
                      " kept in the system keyring or a file only you can read, never in the library."),
    "connect.server": ("服务器地址", "Server address"),
    "connect.token": ("令牌", "Token"),
    "connect.button": ("连接", "Connect"),
    "connect.checking": ("正在联系服务器…", "Contacting the server…"),
    "connect.need_both": ("请填写服务器地址和令牌。", "Enter both the server address and the token."),
    "connect.done": ("已连接：{user}（{role}）。", "Connected as {user} ({role})."),
    "connect.change": ("更换团队服务器…", "Change team server…"),
    "connect.open": ("连接团队服务器…", "Connect to a team server…"),
    "connect.other_server": ("换到另一台服务器后，本机会与新服务器从头同步；本机的内容都会保留。",
                             "On another server, this library syncs from scratch with the new server;"
                             " nothing here is lost."),
})


class ConnectDialog(QDialog):
    """Address and token; OK only once the server has accepted them."""

    connected = Signal(dict)   # what setup() answered: server, user, role, where the token is

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: Task | None = None
        self.result_info: dict[str, Any] | None = None
        self.setWindowTitle(tr("connect.title"))
        intro = QLabel(tr("connect.intro"))
        intro.setWordWrap(True)
        self.server = QLineEdit(get_setting(store.conn, "server"))
        self.server.setPlaceholderText("https://valuekit.example.com")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("connect.server"), self.server)
        form.addRow(tr("connect.token"), self.token)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(tr("connect.button"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if self.server.text():
            other = QLabel(tr("connect.other_server"))
            other.setWordWrap(True)
            layout.addWidget(other)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 0)

    def try_connect(self) -> None:
        server, token = self.server.text().strip(), self.token.text().strip()
        if not server or not token:
            self._say(tr("connect.need_both"), error=True)
            return
        self._busy(True)
        self._say(tr("connect.checking"))
        self.task = run_in_thread(self, store_call(setup), self.store.path, server, token,
                                  on_done=self._accepted, on_error=self._refused)

    def _accepted(self, info: dict[str, Any]) -> None:
        self.task = None
        self._busy(False)
        self.result_info = info
        self._say(tr("connect.done", user=info["user"], role=info["role"]))
        self.connected.emit(info)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.task = None
        self._busy(False)
        if isinstance(exc, ValueKitError):  # a wrong address, a refused token, offline
            self._say(user_message(exc), error=True)
        else:
            report_exception(exc)           # a bug: logged and shown by the app
            self._say(tr("sync.bug"), error=True)

    def _busy(self, busy: bool) -> None:
        for widget in (self.server, self.token, self.connect_button):
            widget.setEnabled(not busy)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b03a2e;" if error else "")
        self.message.setText(text)

    def reject(self) -> None:
        if self.task is not None:
            # the answer is no longer shown; a check the server already passed still
            # connects the library, which is what the user asked for in the first place
            self.task.cancel()
            self.task = None
        super().reject()
