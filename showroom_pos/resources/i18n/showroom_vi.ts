<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
  <context>
    <name>AboutDialog</name>
    <message>
      <source>About OCOP Showroom POS</source>
      <translation>Giới thiệu OCOP Showroom POS</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>Phiên bản</translation>
    </message>
    <message>
      <source>Data folder</source>
      <translation>Thư mục dữ liệu</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>Cơ sở dữ liệu</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>Sao lưu</translation>
    </message>
    <message>
      <source>Logs</source>
      <translation>Nhật ký</translation>
    </message>
    <message>
      <source>Runs on</source>
      <translation>Chạy trên</translation>
    </message>
  </context>
  <context>
    <name>AdjustmentDialog</name>
    <message>
      <source>Adjust stock</source>
      <translation>Điều chỉnh tồn kho</translation>
    </message>
    <message>
      <source>-2 takes two out; 1,5 kg for goods by weight</source>
      <translation>-2 là bớt hai; 1,5 kg với hàng bán theo cân</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>On hand</source>
      <translation>Tồn kho</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Lý do</translation>
    </message>
    <message>
      <source>Quantity (+ in, − out)</source>
      <translation>Số lượng (+ thêm, − bớt)</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Ghi chú</translation>
    </message>
    <message>
      <source>Quantity: type how many.</source>
      <translation>Số lượng: hãy nhập số lượng.</translation>
    </message>
    <message>
      <source>Quantity: {value} is not a number.</source>
      <translation>Số lượng: {value} không phải là số.</translation>
    </message>
    <message>
      <source>Not saved: no manager approved.</source>
      <translation>Chưa lưu: không có quản lý phê duyệt.</translation>
    </message>
    <message>
      <source>{name}: {qty} ({reason}); {on_hand} on hand now.</source>
      <translation>{name}: {qty} ({reason}); tồn kho còn {on_hand}.</translation>
    </message>
  </context>
  <context>
    <name>AppController</name>
    <message>
      <source>OCOP Showroom POS — login</source>
      <translation>Bán hàng OCOP — đăng nhập</translation>
    </message>
    <message>
      <source>The database {path} is damaged ({detail}). The app stops so that nothing more is written to it. Restore a backup with `showroom-pos restore`.</source>
      <translation>Cơ sở dữ liệu {path} bị hỏng ({detail}). Ứng dụng dừng lại để không ghi thêm gì vào đó. Hãy khôi phục bản sao lưu bằng `showroom-pos restore`.</translation>
    </message>
  </context>
  <context>
    <name>ApprovalDialog</name>
    <message>
      <source>Manager approval</source>
      <translation>Quản lý phê duyệt</translation>
    </message>
    <message>
      <source>Administrator approval</source>
      <translation>Quản trị viên phê duyệt</translation>
    </message>
    <message>
      <source>A barcode was scanned: the manager types their PIN here.</source>
      <translation>Vừa quét mã vạch: quản lý hãy nhập mã PIN tại đây.</translation>
    </message>
    <message>
      <source>A barcode was scanned: the administrator types their PIN here.</source>
      <translation>Vừa quét mã vạch: quản trị viên hãy nhập mã PIN tại đây.</translation>
    </message>
    <message>
      <source>A manager must approve: {action}</source>
      <translation>Cần quản lý phê duyệt: {action}</translation>
    </message>
    <message>
      <source>An administrator must approve: {action}</source>
      <translation>Cần quản trị viên phê duyệt: {action}</translation>
    </message>
    <message>
      <source>No manager is set up.</source>
      <translation>Chưa có tài khoản quản lý nào.</translation>
    </message>
  </context>
  <context>
    <name>AuditLogScreen</name>
    <message>
      <source>From</source>
      <translation>Từ ngày</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Làm mới</translation>
    </message>
    <message>
      <source>Export to CSV…</source>
      <translation>Xuất ra CSV…</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Người dùng</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>to</source>
      <translation>đến</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>Mọi người</translation>
    </message>
    <message>
      <source>All kinds</source>
      <translation>Mọi loại</translation>
    </message>
    <message>
      <source>Showing the newest {count} events: narrow the filters to see older ones (the export has them all).</source>
      <translation>Đang hiện {count} sự kiện mới nhất: hãy thu hẹp bộ lọc để xem các sự kiện cũ hơn (tệp xuất có đầy đủ).</translation>
    </message>
    <message>
      <source>{count} events</source>
      <translation>{count} sự kiện</translation>
    </message>
    <message>
      <source>Export the audit log</source>
      <translation>Xuất nhật ký hoạt động</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
      <source>Exporting to {path}…</source>
      <translation>Đang xuất ra {path}…</translation>
    </message>
    <message>
      <source>{count} events exported to {path}</source>
      <translation>Đã xuất {count} sự kiện ra {path}</translation>
    </message>
  </context>
  <context>
    <name>AuditTableModel</name>
    <message>
      <source>Time</source>
      <translation>Thời gian</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Người dùng</translation>
    </message>
    <message>
      <source>Approved by</source>
      <translation>Người duyệt</translation>
    </message>
    <message>
      <source>Till</source>
      <translation>Quầy</translation>
    </message>
    <message>
      <source>Entity</source>
      <translation>Đối tượng</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Chi tiết</translation>
    </message>
  </context>
  <context>
    <name>AutoLock</name>
    <message>
      <source>Only {name} or a manager can unlock this till.</source>
      <translation>Chỉ {name} hoặc quản lý mới mở khóa được quầy này.</translation>
    </message>
  </context>
  <context>
    <name>BackupScheduler</name>
    <message>
      <source>Backup written and verified: {path}</source>
      <translation>Đã ghi và kiểm tra bản sao lưu: {path}</translation>
    </message>
    <message>
      <source>The backup failed: {error}</source>
      <translation>Sao lưu không thành công: {error}</translation>
    </message>
  </context>
  <context>
    <name>BackupScreen</name>
    <message>
      <source>Backup folder</source>
      <translation>Thư mục sao lưu</translation>
    </message>
    <message>
      <source>Backups kept</source>
      <translation>Số bản sao lưu giữ lại</translation>
    </message>
    <message>
      <source>Last backup</source>
      <translation>Lần sao lưu gần nhất</translation>
    </message>
    <message>
      <source>Made at</source>
      <translation>Thời điểm tạo</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Dung lượng</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Tệp</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>Sao lưu ngay</translation>
    </message>
    <message>
      <source>Restore the selected backup…</source>
      <translation>Khôi phục bản sao lưu đã chọn…</translation>
    </message>
    <message>
      <source>Restore from a file…</source>
      <translation>Khôi phục từ tệp…</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Làm mới</translation>
    </message>
    <message>
      <source>Accept the loss: start a new receipt series…</source>
      <translation>Chấp nhận phần bị mất: bắt đầu dãy số hóa đơn mới…</translation>
    </message>
    <message>
      <source>A backup is made automatically at every shift close and once a day. Restoring replaces all data with the backup's; the current data is kept aside first.</source>
      <translation>Phần mềm tự sao lưu mỗi lần đóng ca và mỗi ngày một lần. Khôi phục sẽ thay toàn bộ dữ liệu bằng dữ liệu của bản sao lưu; dữ liệu hiện tại được cất riêng trước.</translation>
    </message>
    <message>
      <source>{folder} (not available now)</source>
      <translation>{folder} (hiện không dùng được)</translation>
    </message>
    <message>
      <source>shift close</source>
      <translation>đóng ca</translation>
    </message>
    <message>
      <source>daily</source>
      <translation>hằng ngày</translation>
    </message>
    <message>
      <source>by hand</source>
      <translation>thủ công</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>chưa có</translation>
    </message>
    <message>
      <source>Accept the loss</source>
      <translation>Chấp nhận phần bị mất</translation>
    </message>
    <message>
      <source>{problem}

If no newer backup exists, accept that these sales are lost from the database and go on selling with a new receipt series?</source>
      <translation>{problem}

Nếu không có bản sao lưu nào mới hơn, chấp nhận rằng các giao dịch này đã mất khỏi cơ sở dữ liệu và tiếp tục bán hàng với dãy số hóa đơn mới?</translation>
    </message>
    <message>
      <source>Loss accepted: receipts go on in the series {series}.</source>
      <translation>Đã chấp nhận phần bị mất: hóa đơn tiếp tục theo dãy số {series}.</translation>
    </message>
    <message>
      <source>Backing up…</source>
      <translation>Đang sao lưu…</translation>
    </message>
    <message>
      <source>Backup written and verified: {path}</source>
      <translation>Đã ghi và kiểm tra bản sao lưu: {path}</translation>
    </message>
    <message>
      <source>Choose a backup in the list first.</source>
      <translation>Hãy chọn một bản sao lưu trong danh sách trước.</translation>
    </message>
    <message>
      <source>Restore a backup</source>
      <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
      <source>Backups (*.db);;All files (*)</source>
      <translation>Bản sao lưu (*.db);;Mọi tệp (*)</translation>
    </message>
    <message>
      <source>Replace all data on this till with the backup {name}? Sales made since that backup will no longer be in the database (the current data is kept aside in {folder}).</source>
      <translation>Thay toàn bộ dữ liệu của quầy này bằng bản sao lưu {name}? Các đơn bán từ sau bản sao lưu đó sẽ không còn trong cơ sở dữ liệu (dữ liệu hiện tại được cất riêng trong {folder}).</translation>
    </message>
    <message>
      <source>Restored {name}. The data before the restore is kept in {aside}.</source>
      <translation>Đã khôi phục {name}. Dữ liệu trước khi khôi phục được giữ ở {aside}.</translation>
    </message>
  </context>
  <context>
    <name>BuyerDialog</name>
    <message>
      <source>Buyer on the e-invoice</source>
      <translation>Người mua trên hóa đơn điện tử</translation>
    </message>
    <message>
      <source>10 or 13 digits</source>
      <translation>10 hoặc 13 chữ số</translation>
    </message>
    <message>
      <source>Company or person</source>
      <translation>Công ty hoặc cá nhân</translation>
    </message>
    <message>
      <source>Where the invoice is sent</source>
      <translation>Nơi nhận hóa đơn</translation>
    </message>
    <message>
      <source>12 digits</source>
      <translation>12 chữ số</translation>
    </message>
    <message>
      <source>Tax code</source>
      <translation>Mã số thuế</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>Email</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Điện thoại</translation>
    </message>
    <message>
      <source>Citizen ID</source>
      <translation>Số CCCD</translation>
    </message>
    <message>
      <source>Use these details</source>
      <translation>Dùng thông tin này</translation>
    </message>
    <message>
      <source>No buyer details</source>
      <translation>Không ghi người mua</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Quay lại</translation>
    </message>
    <message>
      <source>Not a valid tax code yet</source>
      <translation>Chưa phải mã số thuế hợp lệ</translation>
    </message>
    <message>
      <source>Valid tax code</source>
      <translation>Mã số thuế hợp lệ</translation>
    </message>
    <message>
      <source>Valid tax code; details of an earlier invoice filled in</source>
      <translation>Mã số thuế hợp lệ; đã điền thông tin từ hóa đơn trước</translation>
    </message>
  </context>
  <context>
    <name>CashMoveDialog</name>
    <message>
      <source>Cash in</source>
      <translation>Nộp thêm tiền</translation>
    </message>
    <message>
      <source>Cash out</source>
      <translation>Rút tiền</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Thành tiền</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Lý do</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Lưu</translation>
    </message>
    <message>
      <source>{text} is not an amount of money.</source>
      <translation>{text} không phải là số tiền hợp lệ.</translation>
    </message>
    <message>
      <source>Not saved: a manager's approval is needed.</source>
      <translation>Chưa lưu: cần quản lý phê duyệt.</translation>
    </message>
  </context>
  <context>
    <name>CashPanel</name>
    <message>
      <source>Shifts and Z reports</source>
      <translation>Các ca và báo cáo Z</translation>
    </message>
    <message>
      <source>Over / short by cashier</source>
      <translation>Thừa / thiếu theo thu ngân</translation>
    </message>
    <message>
      <source>Z report…</source>
      <translation>Báo cáo Z…</translation>
    </message>
    <message>
      <source>Print Z report</source>
      <translation>In báo cáo Z</translation>
    </message>
    <message>
      <source>Print X report</source>
      <translation>In báo cáo X</translation>
    </message>
    <message>
      <source>Sent to the receipt printer.</source>
      <translation>Đã gửi tới máy in hóa đơn.</translation>
    </message>
  </context>
  <context>
    <name>ChartWidget</name>
    <message>
      <source>Nothing to show for this period</source>
      <translation>Không có số liệu trong kỳ này</translation>
    </message>
  </context>
  <context>
    <name>Checkout</name>
    <message>
      <source>#</source>
      <translation>STT</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>Số lượng</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Giá bán</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>Giảm giá</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Thành tiền</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>Tiền mặt</translation>
    </message>
    <message>
      <source>Card</source>
      <translation>Thẻ</translation>
    </message>
    <message>
      <source>VietQR transfer</source>
      <translation>Chuyển khoản VietQR</translation>
    </message>
    <message>
      <source>E-wallet</source>
      <translation>Ví điện tử</translation>
    </message>
  </context>
  <context>
    <name>CheckoutScreen</name>
    <message>
      <source>The cart in progress was recovered ({n} lines).</source>
      <translation>Đã khôi phục giỏ hàng đang bán dở ({n} dòng).</translation>
    </message>
    <message>
      <source>The cart in progress of {names} was parked: recall it with F8.</source>
      <translation>Giỏ hàng đang làm dở của {names} đã được giữ lại: bấm F8 để gọi lại.</translation>
    </message>
    <message>
      <source>Parked carts of yours wait on this till ({n}): recall them with F8.</source>
      <translation>Bạn có giỏ hàng đang giữ trên máy này ({n}): bấm F8 để gọi lại.</translation>
    </message>
    <message>
      <source>Scan, or search by name or SKU [F2]</source>
      <translation>Quét mã, hoặc tìm theo tên hay mã hàng [F2]</translation>
    </message>
    <message>
      <source>Quantity [F3]</source>
      <translation>Số lượng [F3]</translation>
    </message>
    <message>
      <source>Total to pay</source>
      <translation>Tổng phải trả</translation>
    </message>
    <message>
      <source>Pay</source>
      <translation>Thanh toán</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>Số lượng</translation>
    </message>
    <message>
      <source>Line discount</source>
      <translation>Giảm giá dòng</translation>
    </message>
    <message>
      <source>Change price</source>
      <translation>Đổi giá</translation>
    </message>
    <message>
      <source>Cart discount</source>
      <translation>Chiết khấu hóa đơn</translation>
    </message>
    <message>
      <source>Park cart</source>
      <translation>Giữ giỏ hàng</translation>
    </message>
    <message>
      <source>Recall cart</source>
      <translation>Gọi lại giỏ hàng</translation>
    </message>
    <message>
      <source>Return</source>
      <translation>Phiếu trả hàng</translation>
    </message>
    <message>
      <source>Void last sale</source>
      <translation>Hủy hóa đơn vừa bán</translation>
    </message>
    <message>
      <source>Shift</source>
      <translation>Ca làm việc</translation>
    </message>
    <message>
      <source>Remove line</source>
      <translation>Xóa dòng</translation>
    </message>
    <message>
      <source>Quantity +1</source>
      <translation>Số lượng +1</translation>
    </message>
    <message>
      <source>Quantity −1</source>
      <translation>Số lượng −1</translation>
    </message>
    <message>
      <source>Clear the cart</source>
      <translation>Xóa giỏ hàng</translation>
    </message>
    <message>
      <source>Open drawer</source>
      <translation>Mở ngăn kéo tiền</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Tìm kiếm</translation>
    </message>
    <message>
      <source>{action}: {amount}</source>
      <translation>{action}: {amount}</translation>
    </message>
    <message>
      <source>{n} lines · subtotal {v}</source>
      <translation>{n} dòng · tạm tính {v}</translation>
    </message>
    <message>
      <source>discounts −{v}</source>
      <translation>giảm giá −{v}</translation>
    </message>
    <message>
      <source>incl. VAT {rate}%: {v}</source>
      <translation>gồm thuế GTGT {rate}%: {v}</translation>
    </message>
    <message>
      <source>No shift open: F11 to open one before selling.</source>
      <translation>Chưa mở ca: nhấn F11 để mở ca trước khi bán.</translation>
    </message>
    <message>
      <source>Shift open since {time}</source>
      <translation>Ca mở từ {time}</translation>
    </message>
    <message>
      <source>{name}: its OCOP certificate has expired, so it can no longer be sold as an OCOP product.</source>
      <translation>{name}: giấy chứng nhận OCOP đã hết hạn, không còn được bán như sản phẩm OCOP.</translation>
    </message>
    <message>
      <source>Nothing found for {text}.</source>
      <translation>Không tìm thấy {text}.</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>Khối lượng</translation>
    </message>
    <message>
      <source>{name}: weight in grams</source>
      <translation>{name}: khối lượng (gam)</translation>
    </message>
    <message>
      <source>The cart is empty.</source>
      <translation>Giỏ hàng đang trống.</translation>
    </message>
    <message>
      <source>{text} is not a whole number.</source>
      <translation>{text} không phải là số nguyên.</translation>
    </message>
    <message>
      <source>Weighed goods: scan the label or type the weight [F3].</source>
      <translation>Hàng cân ký: quét tem cân hoặc nhập khối lượng [F3].</translation>
    </message>
    <message>
      <source>Discount removed from {name}.</source>
      <translation>Đã bỏ giảm giá cho {name}.</translation>
    </message>
    <message>
      <source>Discount on the cart removed.</source>
      <translation>Đã bỏ chiết khấu hóa đơn.</translation>
    </message>
    <message>
      <source>Discount {amount} on {name}.</source>
      <translation>Giảm {amount} cho {name}.</translation>
    </message>
    <message>
      <source>Discount {amount} on the cart.</source>
      <translation>Chiết khấu hóa đơn {amount}.</translation>
    </message>
    <message>
      <source>Approved by {name}.</source>
      <translation>{name} phê duyệt.</translation>
    </message>
    <message>
      <source>{name} at {price}.</source>
      <translation>{name}: giá {price}.</translation>
    </message>
    <message>
      <source>Return {number} recorded: refund {amount} by {method}.</source>
      <translation>Đã ghi phiếu trả hàng {number}: hoàn {amount} bằng {method}.</translation>
    </message>
    <message>
      <source>Removed: {name}</source>
      <translation>Đã xóa: {name}</translation>
    </message>
    <message>
      <source>Remove every line of this cart?</source>
      <translation>Xóa mọi dòng trong giỏ hàng này?</translation>
    </message>
    <message>
      <source>A percentage (10%) or an amount (5.000); empty removes the discount</source>
      <translation>Phần trăm (10%) hoặc số tiền (5.000); để trống để bỏ giảm giá</translation>
    </message>
    <message>
      <source>{text} is not a discount.</source>
      <translation>{text} không phải là mức giảm giá hợp lệ.</translation>
    </message>
    <message>
      <source>Discount on {name}</source>
      <translation>Giảm giá cho {name}</translation>
    </message>
    <message>
      <source>Discount not given: a manager's approval is needed.</source>
      <translation>Chưa giảm giá: cần quản lý phê duyệt.</translation>
    </message>
    <message>
      <source>Discount on the whole cart</source>
      <translation>Giảm giá cả giỏ hàng</translation>
    </message>
    <message>
      <source>New price for {name}</source>
      <translation>Giá mới cho {name}</translation>
    </message>
    <message>
      <source>{text} is not an amount of money.</source>
      <translation>{text} không phải là số tiền hợp lệ.</translation>
    </message>
    <message>
      <source>Price not changed: a manager's approval is needed.</source>
      <translation>Chưa đổi giá: cần quản lý phê duyệt.</translation>
    </message>
    <message>
      <source>No shift is open on this till: open a shift first.</source>
      <translation>Máy bán hàng chưa mở ca: hãy mở ca trước.</translation>
    </message>
    <message>
      <source>Not paid: a manager must approve the discount or price as the cart is now ({amount}).</source>
      <translation>Chưa thanh toán: quản lý phải duyệt lại mức giảm giá hoặc giá theo giỏ hàng hiện tại ({amount}).</translation>
    </message>
    <message>
      <source>Change: {amount}</source>
      <translation>Tiền thừa: {amount}</translation>
    </message>
    <message>
      <source>Paid: {amount}</source>
      <translation>Đã trả: {amount}</translation>
    </message>
    <message>
      <source>Sale {receipt} completed.</source>
      <translation>Đã bán xong hóa đơn {receipt}.</translation>
    </message>
    <message>
      <source>The receipt could not be printed; reprint it later.</source>
      <translation>Không in được hóa đơn; hãy in lại sau.</translation>
    </message>
    <message>
      <source>A name to find it again (optional)</source>
      <translation>Tên để tìm lại (không bắt buộc)</translation>
    </message>
    <message>
      <source>Cart parked. Recall it with F8.</source>
      <translation>Đã giữ giỏ hàng. Gọi lại bằng F8.</translation>
    </message>
    <message>
      <source>No parked cart.</source>
      <translation>Không có giỏ hàng nào đang giữ.</translation>
    </message>
    <message>
      <source>{label} · {n} lines · {total} · {time}</source>
      <translation>{label} · {n} dòng · {total} · {time}</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(không tên)</translation>
    </message>
    <message>
      <source>Parked carts</source>
      <translation>Giỏ hàng đang giữ</translation>
    </message>
    <message>
      <source>parked automatically</source>
      <translation>tự động giữ</translation>
    </message>
    <message>
      <source>Cart recalled; the cart you were ringing up is parked as "parked automatically" (F8 brings it back).</source>
      <translation>Đã gọi lại giỏ hàng; giỏ đang bán được giữ với tên "tự động giữ" (nhấn F8 để gọi lại).</translation>
    </message>
    <message>
      <source>Cart recalled.</source>
      <translation>Đã gọi lại giỏ hàng.</translation>
    </message>
    <message>
      <source>Refund: {amount}</source>
      <translation>Hoàn tiền: {amount}</translation>
    </message>
    <message>
      <source>There is no sale to void.</source>
      <translation>Không có hóa đơn nào để hủy.</translation>
    </message>
    <message>
      <source>Void receipt {receipt} of {total}? The goods go back to stock.</source>
      <translation>Hủy hóa đơn {receipt} trị giá {total}? Hàng sẽ được nhập lại kho.</translation>
    </message>
    <message>
      <source>Not voided: a manager's approval is needed.</source>
      <translation>Chưa hủy: cần quản lý phê duyệt.</translation>
    </message>
    <message>
      <source>Receipt {receipt} voided.</source>
      <translation>Đã hủy hóa đơn {receipt}.</translation>
    </message>
    <message>
      <source>Shift closed.</source>
      <translation>Đã chốt ca.</translation>
    </message>
    <message>
      <source>Drawer not opened: a manager's approval is needed.</source>
      <translation>Chưa mở ngăn kéo: cần quản lý phê duyệt.</translation>
    </message>
  </context>
  <context>
    <name>CloseShiftDialog</name>
    <message>
      <source>Close the shift: count the drawer</source>
      <translation>Chốt ca: đếm tiền trong ngăn kéo</translation>
    </message>
    <message>
      <source>Close the shift</source>
      <translation>Chốt ca</translation>
    </message>
    <message>
      <source>Count every banknote in the drawer (Tab moves to the next).</source>
      <translation>Đếm từng loại tờ tiền trong ngăn kéo (Tab để sang loại tiếp theo).</translation>
    </message>
    <message>
      <source>Close the shift with {total} counted? A closed shift cannot be changed: press F12 again to close it, or correct the count.</source>
      <translation>Chốt ca với số tiền đếm được {total}? Ca đã chốt thì không sửa được: nhấn F12 lần nữa để chốt, hoặc sửa lại số đếm.</translation>
    </message>
    <message>
      <source>Close with {total}</source>
      <translation>Chốt ca với {total}</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Xong</translation>
    </message>
    <message>
      <source>Z report — business day {day}</source>
      <translation>Báo cáo Z — ngày {day}</translation>
    </message>
    <message>
      <source>Opened {start}, closed {end}</source>
      <translation>Mở ca {start}, đóng ca {end}</translation>
    </message>
    <message>
      <source>Receipts: {n} (voided: {v})</source>
      <translation>Số hóa đơn: {n} (đã hủy: {v})</translation>
    </message>
    <message>
      <source>Gross sales: {v}</source>
      <translation>Doanh số gộp: {v}</translation>
    </message>
    <message>
      <source>Discounts: {v}</source>
      <translation>Giảm giá: {v}</translation>
    </message>
    <message>
      <source>Returns: {v}</source>
      <translation>Trả hàng: {v}</translation>
    </message>
    <message>
      <source>Net sales: {v}</source>
      <translation>Doanh số thuần: {v}</translation>
    </message>
    <message>
      <source>VAT included: {v}</source>
      <translation>Thuế GTGT đã gồm: {v}</translation>
    </message>
    <message>
      <source>Cash rounding: {v}</source>
      <translation>Làm tròn tiền mặt: {v}</translation>
    </message>
    <message>
      <source>Cash rounding on refunds: {v}</source>
      <translation>Làm tròn tiền mặt hoàn lại: {v}</translation>
    </message>
    <message>
      <source>Opening float: {v}</source>
      <translation>Tiền đầu ca: {v}</translation>
    </message>
    <message>
      <source>Cash in: {a}; cash out: {b}</source>
      <translation>Nộp vào: {a}; rút ra: {b}</translation>
    </message>
    <message>
      <source>Expected cash: {v}</source>
      <translation>Tiền mặt theo sổ: {v}</translation>
    </message>
    <message>
      <source>Counted cash: {v}</source>
      <translation>Tiền mặt đếm được: {v}</translation>
    </message>
    <message>
      <source>Over: {v}</source>
      <translation>Thừa: {v}</translation>
    </message>
    <message>
      <source>Short: {v}</source>
      <translation>Thiếu: {v}</translation>
    </message>
    <message>
      <source>Exact: {v}</source>
      <translation>Khớp: {v}</translation>
    </message>
  </context>
  <context>
    <name>CountLinesModel</name>
    <message>
      <source>SKU</source>
      <translation>Mã hàng</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>Tồn theo sổ</translation>
    </message>
    <message>
      <source>Counted</source>
      <translation>Thực đếm</translation>
    </message>
    <message>
      <source>Variance</source>
      <translation>Chênh lệch</translation>
    </message>
    <message>
      <source>Variance value</source>
      <translation>Giá trị chênh lệch</translation>
    </message>
    <message>
      <source>{value} is not a quantity.</source>
      <translation>{value} không phải là số lượng.</translation>
    </message>
  </context>
  <context>
    <name>CrashHandler</name>
    <message>
      <source>Something went wrong in the app. What you were doing may not have finished; completed sales are saved. The details are in the log file {path}. You can go on working; if it happens again, log out and in, or restart the app.</source>
      <translation>Ứng dụng vừa gặp lỗi. Thao tác bạn đang làm có thể chưa hoàn tất; các đơn hàng đã hoàn tất vẫn được lưu. Chi tiết lỗi nằm trong tệp nhật ký {path}. Bạn có thể tiếp tục làm việc; nếu lỗi lặp lại, hãy đăng xuất rồi đăng nhập lại, hoặc khởi động lại ứng dụng.</translation>
    </message>
  </context>
  <context>
    <name>CustomerDisplay</name>
    <message>
      <source>Product</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>SL</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Giá bán</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>Giảm giá</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Thành tiền</translation>
    </message>
    <message>
      <source>Subtotal</source>
      <translation>Tạm tính</translation>
    </message>
    <message>
      <source>You save</source>
      <translation>Giảm giá</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Tổng cộng</translation>
    </message>
    <message>
      <source>{n} items</source>
      <translation>{n} mặt hàng</translation>
    </message>
    <message>
      <source>Please pay {amount}</source>
      <translation>Quý khách vui lòng thanh toán {amount}</translation>
    </message>
    <message>
      <source>Scan to pay with your banking app</source>
      <translation>Quét mã bằng ứng dụng ngân hàng để thanh toán</translation>
    </message>
    <message>
      <source>Amount to pay</source>
      <translation>Số tiền thanh toán</translation>
    </message>
    <message>
      <source>Bank</source>
      <translation>Ngân hàng</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>Số tài khoản</translation>
    </message>
    <message>
      <source>Account holder</source>
      <translation>Chủ tài khoản</translation>
    </message>
    <message>
      <source>Transfer note</source>
      <translation>Nội dung chuyển khoản</translation>
    </message>
    <message>
      <source>Thank you!</source>
      <translation>Cảm ơn quý khách!</translation>
    </message>
    <message>
      <source>Your change</source>
      <translation>Tiền thối lại</translation>
    </message>
    <message>
      <source>Amount paid</source>
      <translation>Đã thanh toán</translation>
    </message>
    <message>
      <source>You gave {amount}</source>
      <translation>Quý khách đưa {amount}</translation>
    </message>
    <message>
      <source>See you again!</source>
      <translation>Hẹn gặp lại quý khách!</translation>
    </message>
    <message>
      <source>Welcome</source>
      <translation>Kính chào quý khách</translation>
    </message>
    <message>
      <source>OCOP products of Vietnam</source>
      <translation>Sản phẩm OCOP Việt Nam</translation>
    </message>
    <message>
      <source>OCOP {stars} stars</source>
      <translation>OCOP {stars} sao</translation>
    </message>
    <message>
      <source>Producer: {name}</source>
      <translation>Nhà sản xuất: {name}</translation>
    </message>
    <message>
      <source>VietQR transfer</source>
      <translation>Chuyển khoản VietQR</translation>
    </message>
    <message>
      <source>Customer display: no second screen is connected.</source>
      <translation>Màn hình khách hàng: chưa có màn hình thứ hai.</translation>
    </message>
    <message>
      <source>Customer display: screen {name} is not connected.</source>
      <translation>Màn hình khách hàng: không thấy màn hình {name}.</translation>
    </message>
    <message>
      <source>Customer display: screen {name} is the till's own screen; choose another in Settings.</source>
      <translation>Màn hình khách hàng: màn hình {name} là màn hình của máy bán hàng; hãy chọn màn hình khác trong Cài đặt.</translation>
    </message>
    <message>
      <source>Pole display {port} does not answer ({detail}); selling goes on without it.</source>
      <translation>Màn hình hiển thị giá {port} không phản hồi ({detail}); vẫn bán hàng bình thường.</translation>
    </message>
  </context>
  <context>
    <name>DeliveryStatus</name>
    <message>
      <source>E-invoices: not ready</source>
      <translation>Hóa đơn điện tử: chưa sẵn sàng</translation>
    </message>
    <message>
      <source>E-invoices: {count} to send</source>
      <translation>Hóa đơn điện tử: {count} chờ gửi</translation>
    </message>
    <message>
      <source>{count} refused by the provider</source>
      <translation>{count} bị nhà cung cấp từ chối</translation>
    </message>
    <message>
      <source>Last error: {error}</source>
      <translation>Lỗi gần nhất: {error}</translation>
    </message>
  </context>
  <context>
    <name>EInvoiceScreen</name>
    <message>
      <source>Send now</source>
      <translation>Gửi ngay</translation>
    </message>
    <message>
      <source>Send the refused one again</source>
      <translation>Gửi lại hóa đơn bị từ chối</translation>
    </message>
    <message>
      <source>Dealt with in the provider's portal…</source>
      <translation>Đã xử lý trên cổng nhà cung cấp…</translation>
    </message>
    <message>
      <source>Export the day…</source>
      <translation>Xuất hóa đơn trong ngày…</translation>
    </message>
    <message>
      <source>To send or refused</source>
      <translation>Chờ gửi hoặc bị từ chối</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>Bị từ chối</translation>
    </message>
    <message>
      <source>All of the day</source>
      <translation>Tất cả trong ngày</translation>
    </message>
    <message>
      <source>Invoice</source>
      <translation>Hóa đơn</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Thời gian</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Tổng cộng</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>Chứng từ</translation>
    </message>
    <message>
      <source>Buyer</source>
      <translation>Người mua</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Trạng thái</translation>
    </message>
    <message>
      <source>Provider's answer</source>
      <translation>Trả lời của nhà cung cấp</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>Ngày</translation>
    </message>
    <message>
      <source>Issued</source>
      <translation>Đã lập</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>Đã nhận</translation>
    </message>
    <message>
      <source>Pending</source>
      <translation>Chờ gửi</translation>
    </message>
    <message>
      <source>Invoiced</source>
      <translation>Tiền hóa đơn</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>Xem</translation>
    </message>
    <message>
      <source>The last 14 days</source>
      <translation>14 ngày gần nhất</translation>
    </message>
    <message>
      <source>No e-invoice was issued on this day.</source>
      <translation>Ngày này không có hóa đơn điện tử nào.</translation>
    </message>
    <message>
      <source>E-invoicing is off (Settings → E-invoices).</source>
      <translation>Hóa đơn điện tử đang tắt (Cài đặt → Hóa đơn điện tử).</translation>
    </message>
    <message>
      <source>E-invoicing is on but not ready: {problem}</source>
      <translation>Hóa đơn điện tử đang bật nhưng chưa sẵn sàng: {problem}</translation>
    </message>
    <message>
      <source>E-invoicing is on; delivery: {provider}.</source>
      <translation>Hóa đơn điện tử đang bật; cách gửi: {provider}.</translation>
    </message>
    <message>
      <source>never</source>
      <translation>chưa bao giờ</translation>
    </message>
    <message>
      <source>To send: {pending} (at the provider, being processed: {waiting}) · refused: {parked} · accepted today: {today} · last delivery: {last}</source>
      <translation>Chờ gửi: {pending} (nhà cung cấp đang xử lý: {waiting}) · bị từ chối: {parked} · đã nhận hôm nay: {today} · gửi thành công lần cuối: {last}</translation>
    </message>
    <message>
      <source>Last error: {error}</source>
      <translation>Lỗi gần nhất: {error}</translation>
    </message>
    <message>
      <source>E-invoicing is off: nothing is sent (Settings → E-invoices).</source>
      <translation>Hóa đơn điện tử đang tắt: không gửi gì cả (Cài đặt → Hóa đơn điện tử).</translation>
    </message>
    <message>
      <source>Sending to the provider…</source>
      <translation>Đang gửi cho nhà cung cấp…</translation>
    </message>
    <message>
      <source>Choose a refused invoice in the list first.</source>
      <translation>Hãy chọn một hóa đơn bị từ chối trong danh sách trước.</translation>
    </message>
    <message>
      <source>It will be sent again.</source>
      <translation>Hóa đơn sẽ được gửi lại.</translation>
    </message>
    <message>
      <source>It is not refused.</source>
      <translation>Hóa đơn này không bị từ chối.</translation>
    </message>
    <message>
      <source>Dealt with outside the till</source>
      <translation>Đã xử lý ngoài máy bán hàng</translation>
    </message>
    <message>
      <source>How was it dealt with (e.g. issued in the provider's portal)?</source>
      <translation>Đã xử lý thế nào (ví dụ: lập trên cổng của nhà cung cấp)?</translation>
    </message>
    <message>
      <source>{invoice} recorded as dealt with.</source>
      <translation>Đã ghi nhận {invoice} là đã xử lý.</translation>
    </message>
    <message>
      <source>Export the day's e-invoices to</source>
      <translation>Xuất hóa đơn điện tử trong ngày vào</translation>
    </message>
    <message>
      <source>{count} e-invoices of {day} written to {folder}.</source>
      <translation>Đã ghi {count} hóa đơn điện tử ngày {day} vào {folder}.</translation>
    </message>
  </context>
  <context>
    <name>EInvoices</name>
    <message>
      <source>Invoice</source>
      <translation>Hóa đơn</translation>
    </message>
    <message>
      <source>Adjusting invoice</source>
      <translation>Hóa đơn điều chỉnh</translation>
    </message>
    <message>
      <source>Replacing invoice</source>
      <translation>Hóa đơn thay thế</translation>
    </message>
    <message>
      <source>Cancellation notice</source>
      <translation>Thông báo hủy</translation>
    </message>
    <message>
      <source>Pending</source>
      <translation>Chờ gửi</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>Đã nhận</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>Bị từ chối</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>đã hủy</translation>
    </message>
  </context>
  <context>
    <name>GoodsReceiptScreen</name>
    <message>
      <source>Consigned (paid when sold, settled monthly)</source>
      <translation>Ký gửi (bán được mới thanh toán, đối soát hằng tháng)</translation>
    </message>
    <message>
      <source>Scan or type a barcode or SKU, then Enter</source>
      <translation>Quét hoặc gõ mã vạch, mã hàng rồi nhấn Enter</translation>
    </message>
    <message>
      <source>…or find a product by name</source>
      <translation>…hoặc tìm sản phẩm theo tên</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Thêm</translation>
    </message>
    <message>
      <source>Remove line</source>
      <translation>Xóa dòng</translation>
    </message>
    <message>
      <source>Post receipt</source>
      <translation>Ghi nhập kho</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>Số phiếu</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>Ngày</translation>
    </message>
    <message>
      <source>Producer</source>
      <translation>Chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Delivery note</source>
      <translation>Phiếu giao hàng</translation>
    </message>
    <message>
      <source>Consigned</source>
      <translation>Hàng ký gửi</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>có</translation>
    </message>
    <message>
      <source>no</source>
      <translation>không</translation>
    </message>
    <message>
      <source>Lines</source>
      <translation>Số dòng</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Giá trị</translation>
    </message>
    <message>
      <source>Save receipt note as PDF…</source>
      <translation>Lưu phiếu nhập kho ra PDF…</translation>
    </message>
    <message>
      <source>Delivery note number</source>
      <translation>Số phiếu giao hàng</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Ghi chú</translation>
    </message>
    <message>
      <source>Recent receipts</source>
      <translation>Phiếu nhập gần đây</translation>
    </message>
    <message>
      <source>— no producer (purchased) —</source>
      <translation>— không có chủ thể (hàng mua đứt) —</translation>
    </message>
    <message>
      <source>{lines} lines, {value}</source>
      <translation>{lines} dòng, {value}</translation>
    </message>
    <message>
      <source>New product with code {code}…</source>
      <translation>Thêm sản phẩm mới với mã {code}…</translation>
    </message>
    <message>
      <source>Select a product first.</source>
      <translation>Hãy chọn một sản phẩm trước.</translation>
    </message>
    <message>
      <source>{name} comes from {producer}, not {receipt_producer}: not added to this receipt.</source>
      <translation>{name} thuộc {producer}, không phải {receipt_producer}: không thêm vào phiếu nhập này.</translation>
    </message>
    <message>
      <source>{name}: {qty}</source>
      <translation>{name}: {qty}</translation>
    </message>
    <message>
      <source>Not posted: no manager approved.</source>
      <translation>Chưa ghi: không có quản lý phê duyệt.</translation>
    </message>
    <message>
      <source>Receipt {number} posted: stock updated.</source>
      <translation>Đã ghi phiếu nhập {number}: tồn kho đã được cập nhật.</translation>
    </message>
    <message>
      <source>Select a receipt first.</source>
      <translation>Hãy chọn một phiếu nhập trước.</translation>
    </message>
    <message>
      <source>Receipt note</source>
      <translation>Phiếu nhập kho</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Saved {path}.</source>
      <translation>Đã lưu {path}.</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>Net sales today (₫)</source>
      <translation>Doanh thu thuần hôm nay (₫)</translation>
    </message>
    <message>
      <source>Receipts today</source>
      <translation>Số hóa đơn hôm nay</translation>
    </message>
    <message>
      <source>Average basket (₫)</source>
      <translation>Trung bình mỗi hóa đơn (₫)</translation>
    </message>
    <message>
      <source>Gross margin today (₫)</source>
      <translation>Lãi gộp hôm nay (₫)</translation>
    </message>
    <message>
      <source>Shift</source>
      <translation>Ca làm việc</translation>
    </message>
    <message>
      <source>Needs attention</source>
      <translation>Cần xử lý</translation>
    </message>
    <message>
      <source>Best sellers today</source>
      <translation>Bán chạy hôm nay</translation>
    </message>
    <message>
      <source>{change} against the same day last week, at the same time</source>
      <translation>{change} so với cùng giờ này tuần trước</translation>
    </message>
    <message>
      <source>nothing had been sold by this time on the same day last week</source>
      <translation>cùng giờ này tuần trước chưa bán được hàng</translation>
    </message>
    <message>
      <source>returns {returns} ₫, discounts {discounts} ₫</source>
      <translation>trả hàng {returns} ₫, chiết khấu {discounts} ₫</translation>
    </message>
    <message>
      <source>Open since {time}, by {name}: {receipts} receipts, {sales} ₫ net; {cash} ₫ expected in the drawer.</source>
      <translation>Mở từ {time}, thu ngân {name}: {receipts} hóa đơn, doanh thu thuần {sales} ₫; trong két phải có {cash} ₫.</translation>
    </message>
    <message>
      <source>No shift open on this till.</source>
      <translation>Quầy này chưa mở ca.</translation>
    </message>
    <message>
      <source>No sales yet today.</source>
      <translation>Hôm nay chưa bán được hàng.</translation>
    </message>
    <message>
      <source>Net sales, last 14 days (₫)</source>
      <translation>Doanh thu thuần 14 ngày gần nhất (₫)</translation>
    </message>
    <message>
      <source>{n} products below reorder level</source>
      <translation>{n} sản phẩm dưới mức đặt hàng lại</translation>
    </message>
    <message>
      <source>{n} OCOP certificates expiring within 60 days</source>
      <translation>{n} giấy chứng nhận OCOP sắp hết hạn trong 60 ngày</translation>
    </message>
    <message>
      <source>{n} OCOP certificates expired</source>
      <translation>{n} giấy chứng nhận OCOP đã hết hạn</translation>
    </message>
    <message>
      <source>{n} days not yet sent to the province</source>
      <translation>{n} ngày chưa gửi về tỉnh</translation>
    </message>
    <message>
      <source>Nothing needs attention.</source>
      <translation>Không có việc gì cần xử lý.</translation>
    </message>
    <message>
      <source>{days} days not yet sent to the province ({parked} set aside after errors).</source>
      <translation>{days} ngày chưa gửi về tỉnh ({parked} bị tạm gác do lỗi).</translation>
    </message>
    <message>
      <source>{days} days not yet sent to the province.</source>
      <translation>{days} ngày chưa gửi về tỉnh.</translation>
    </message>
    <message>
      <source>Negative stock: {name} ({qty}): count it</source>
      <translation>Tồn kho âm: {name} ({qty}): hãy kiểm kê</translation>
    </message>
    <message>
      <source>Low stock: {name} ({qty} left, reorder at {level})</source>
      <translation>Sắp hết hàng: {name} (còn {qty}, mức đặt lại {level})</translation>
    </message>
    <message>
      <source>OCOP certificate expired on {day}: {name}</source>
      <translation>Giấy chứng nhận OCOP đã hết hạn ngày {day}: {name}</translation>
    </message>
    <message>
      <source>OCOP certificate expires on {day}: {name}</source>
      <translation>Giấy chứng nhận OCOP hết hạn ngày {day}: {name}</translation>
    </message>
    <message>
      <source>Past its best-before date ({day}): {name}</source>
      <translation>Đã quá hạn sử dụng ({day}): {name}</translation>
    </message>
    <message>
      <source>Best before {day}: {name}</source>
      <translation>Hạn sử dụng {day}: {name}</translation>
    </message>
  </context>
  <context>
    <name>ImportDialog</name>
    <message>
      <source>Import the OCOP product list</source>
      <translation>Nhập danh sách sản phẩm OCOP</translation>
    </message>
    <message>
      <source>No file chosen. CSV (UTF-8) or Excel .xlsx with a header row; the columns it may have: {columns}.</source>
      <translation>Chưa chọn tệp. Dùng CSV (UTF-8) hoặc Excel .xlsx có dòng tiêu đề; các cột có thể có: {columns}.</translation>
    </message>
    <message>
      <source>Choose file…</source>
      <translation>Chọn tệp…</translation>
    </message>
    <message>
      <source>Line</source>
      <translation>Dòng</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>Kết quả</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>Mã hàng</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Chi tiết</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>Nhập</translation>
    </message>
    <message>
      <source>Check again</source>
      <translation>Kiểm tra lại</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
    <message>
      <source>Product list</source>
      <translation>Danh sách sản phẩm</translation>
    </message>
    <message>
      <source>Product lists (*.csv *.xlsx);;All files (*)</source>
      <translation>Danh sách sản phẩm (*.csv *.xlsx);;Tất cả các tệp (*)</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Đang kiểm tra…</translation>
    </message>
    <message>
      <source>{rows} rows: {new} new, {updated} updated, {unchanged} unchanged, {rejected} rejected.</source>
      <translation>{rows} dòng: {new} mới, {updated} cập nhật, {unchanged} không đổi, {rejected} bị từ chối.</translation>
    </message>
    <message>
      <source>Column “{column}” is not used.</source>
      <translation>Cột “{column}” không được dùng.</translation>
    </message>
    <message>
      <source>Note, line {line}: {message}</source>
      <translation>Lưu ý, dòng {line}: {message}</translation>
    </message>
    <message>
      <source>New producers: {names}.</source>
      <translation>Chủ thể mới: {names}.</translation>
    </message>
    <message>
      <source>Nothing can be imported until every rejected row is corrected.</source>
      <translation>Chưa nhập được gì cho đến khi sửa xong mọi dòng bị từ chối.</translation>
    </message>
    <message>
      <source>Imported.</source>
      <translation>Đã nhập xong.</translation>
    </message>
    <message>
      <source>Nothing to change: the catalogue already matches the file.</source>
      <translation>Không có gì thay đổi: danh mục đã khớp với tệp.</translation>
    </message>
    <message>
      <source>Press Import to save all of it.</source>
      <translation>Nhấn Nhập để lưu toàn bộ.</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>Đang nhập…</translation>
    </message>
  </context>
  <context>
    <name>IntegrityWatch</name>
    <message>
      <source>The database is behind this till</source>
      <translation>Cơ sở dữ liệu cũ hơn dữ liệu máy này đã ghi</translation>
    </message>
    <message>
      <source>The full check found the database {path} damaged ({detail}). Nothing more will be written to it. Make a backup now (Backups, or `showroom-pos backup --to DIR`) to keep what can be read, then restore the newest sound backup with `showroom-pos restore`.</source>
      <translation>Bước kiểm tra toàn bộ phát hiện cơ sở dữ liệu {path} bị hỏng ({detail}). Từ giờ sẽ không ghi thêm gì vào đó. Hãy sao lưu ngay (màn hình Sao lưu, hoặc `showroom-pos backup --to DIR`) để giữ lại những gì còn đọc được, rồi khôi phục bản sao lưu lành mới nhất bằng `showroom-pos restore`.</translation>
    </message>
    <message>
      <source>Database damaged</source>
      <translation>Cơ sở dữ liệu bị hỏng</translation>
    </message>
  </context>
  <context>
    <name>Inventory</name>
    <message>
      <source>new</source>
      <translation>mới</translation>
    </message>
    <message>
      <source>update</source>
      <translation>cập nhật</translation>
    </message>
    <message>
      <source>unchanged</source>
      <translation>không đổi</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>bị từ chối</translation>
    </message>
    <message>
      <source>column “{column}”: {message}</source>
      <translation>cột “{column}”: {message}</translation>
    </message>
    <message>
      <source>new producer {name}</source>
      <translation>chủ thể mới {name}</translation>
    </message>
    <message>
      <source>The export failed: {error}</source>
      <translation>Xuất dữ liệu không thành công: {error}</translation>
    </message>
    <message>
      <source>Please confirm</source>
      <translation>Xin xác nhận</translation>
    </message>
    <message>
      <source>Food</source>
      <translation>Thực phẩm</translation>
    </message>
    <message>
      <source>Beverages</source>
      <translation>Đồ uống</translation>
    </message>
    <message>
      <source>Herbal products</source>
      <translation>Dược liệu</translation>
    </message>
    <message>
      <source>Handicrafts</source>
      <translation>Thủ công mỹ nghệ</translation>
    </message>
    <message>
      <source>Ornamental plants and animals</source>
      <translation>Sinh vật cảnh</translation>
    </message>
    <message>
      <source>Rural tourism services</source>
      <translation>Dịch vụ du lịch cộng đồng</translation>
    </message>
    <message>
      <source>Enterprise</source>
      <translation>Doanh nghiệp</translation>
    </message>
    <message>
      <source>Cooperative</source>
      <translation>Hợp tác xã</translation>
    </message>
    <message>
      <source>Cooperative group</source>
      <translation>Tổ hợp tác</translation>
    </message>
    <message>
      <source>Household business</source>
      <translation>Hộ kinh doanh</translation>
    </message>
    <message>
      <source>Damaged</source>
      <translation>Hư hỏng</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>Hết hạn sử dụng</translation>
    </message>
    <message>
      <source>Tasting sample</source>
      <translation>Hàng dùng thử</translation>
    </message>
    <message>
      <source>Return to producer</source>
      <translation>Trả lại chủ thể</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>Lý do khác</translation>
    </message>
    <message>
      <source>Goods receipt</source>
      <translation>Nhập hàng</translation>
    </message>
    <message>
      <source>Sale</source>
      <translation>Bán hàng</translation>
    </message>
    <message>
      <source>Customer return</source>
      <translation>Khách trả hàng</translation>
    </message>
    <message>
      <source>Adjustment</source>
      <translation>Điều chỉnh</translation>
    </message>
    <message>
      <source>Stock count</source>
      <translation>Kiểm kê</translation>
    </message>
    <message>
      <source>Returned to producer</source>
      <translation>Trả lại chủ thể</translation>
    </message>
    <message>
      <source>Voided sale</source>
      <translation>Hủy hóa đơn</translation>
    </message>
    <message>
      <source>valid</source>
      <translation>còn hiệu lực</translation>
    </message>
    <message>
      <source>expires within 60 days</source>
      <translation>hết hạn trong vòng 60 ngày</translation>
    </message>
    <message>
      <source>expired: not to be sold as OCOP</source>
      <translation>đã hết hạn: không được bán như sản phẩm OCOP</translation>
    </message>
    <message>
      <source>Stock below zero</source>
      <translation>Tồn kho âm</translation>
    </message>
    <message>
      <source>Below reorder level</source>
      <translation>Dưới mức đặt hàng lại</translation>
    </message>
    <message>
      <source>OCOP certificate expired</source>
      <translation>Chứng nhận OCOP đã hết hạn</translation>
    </message>
    <message>
      <source>OCOP certificate expires within 60 days</source>
      <translation>Chứng nhận OCOP hết hạn trong vòng 60 ngày</translation>
    </message>
    <message>
      <source>Past its best-before date</source>
      <translation>Đã quá hạn sử dụng</translation>
    </message>
    <message>
      <source>Near its best-before date</source>
      <translation>Sắp hết hạn sử dụng</translation>
    </message>
    <message>
      <source>Standard (10 %, 8 % until 2026)</source>
      <translation>Thông thường (10 %, 8 % đến hết năm 2026)</translation>
    </message>
    <message>
      <source>Reduced (5 %)</source>
      <translation>Ưu đãi (5 %)</translation>
    </message>
    <message>
      <source>Zero (0 %)</source>
      <translation>0 %</translation>
    </message>
    <message>
      <source>Exempt</source>
      <translation>Không chịu thuế</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>{name} (inactive)</source>
      <translation>{name} (ngừng kinh doanh)</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Mã</translation>
    </message>
    <message>
      <source>Tax code</source>
      <translation>Mã số thuế</translation>
    </message>
    <message>
      <source>Commune or ward</source>
      <translation>Xã/phường</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Điện thoại</translation>
    </message>
    <message>
      <source>Products</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>Commission</source>
      <translation>Hoa hồng</translation>
    </message>
    <message>
      <source>Photo</source>
      <translation>Ảnh</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>Mã hàng</translation>
    </message>
    <message>
      <source>Producer</source>
      <translation>Chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Stars</source>
      <translation>Hạng sao</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>Nhóm</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Giá bán</translation>
    </message>
    <message>
      <source>On hand</source>
      <translation>Tồn kho</translation>
    </message>
    <message>
      <source>Reorder level</source>
      <translation>Mức đặt hàng lại</translation>
    </message>
    <message>
      <source>Certificate expires</source>
      <translation>Chứng nhận hết hạn</translation>
    </message>
    <message>
      <source>Certificate</source>
      <translation>Chứng nhận</translation>
    </message>
    <message>
      <source>Barcodes</source>
      <translation>Mã vạch</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>Đơn vị tính</translation>
    </message>
    <message>
      <source>On hand at the start</source>
      <translation>Tồn đầu kỳ</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>Nhận</translation>
    </message>
    <message>
      <source>Sold</source>
      <translation>Bán</translation>
    </message>
    <message>
      <source>Other (counts, damage)</source>
      <translation>Khác (kiểm kê, hư hỏng)</translation>
    </message>
    <message>
      <source>On hand at the end</source>
      <translation>Tồn cuối kỳ</translation>
    </message>
    <message>
      <source>Sales value</source>
      <translation>Doanh số</translation>
    </message>
    <message>
      <source>on hand {qty}, reorder level {level}</source>
      <translation>tồn {qty}, mức đặt hàng lại {level}</translation>
    </message>
    <message>
      <source>certificate valid until {day}</source>
      <translation>chứng nhận có hiệu lực đến {day}</translation>
    </message>
    <message>
      <source>batch {batch}: {qty} best before {day}</source>
      <translation>lô {batch}: {qty}, hạn sử dụng {day}</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Thời gian</translation>
    </message>
    <message>
      <source>Movement</source>
      <translation>Nghiệp vụ</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>Số lượng</translation>
    </message>
    <message>
      <source>Balance</source>
      <translation>Tồn sau</translation>
    </message>
    <message>
      <source>Unit cost</source>
      <translation>Giá vốn đơn vị</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>Lý do</translation>
    </message>
    <message>
      <source>Reference</source>
      <translation>Chứng từ</translation>
    </message>
    <message>
      <source>By</source>
      <translation>Người thực hiện</translation>
    </message>
    <message>
      <source>Batch</source>
      <translation>Lô</translation>
    </message>
    <message>
      <source>Best before</source>
      <translation>Hạn sử dụng</translation>
    </message>
  </context>
  <context>
    <name>LedgerDialog</name>
    <message>
      <source>Stock ledger</source>
      <translation>Thẻ kho</translation>
    </message>
  </context>
  <context>
    <name>LockOverlay</name>
    <message>
      <source>Type your PIN to continue where you left off, or a manager's PIN.</source>
      <translation>Nhập mã PIN của bạn để làm tiếp từ chỗ đang dở, hoặc mã PIN của quản lý.</translation>
    </message>
    <message>
      <source>A barcode was scanned: type your PIN to unlock first.</source>
      <translation>Vừa quét mã vạch: hãy nhập mã PIN để mở khóa trước.</translation>
    </message>
    <message>
      <source>Log out (another user)</source>
      <translation>Đăng xuất (cho người khác dùng)</translation>
    </message>
    <message>
      <source>Till locked — {name}</source>
      <translation>Quầy đang khóa — {name}</translation>
    </message>
  </context>
  <context>
    <name>LoginScreen</name>
    <message>
      <source>A barcode was scanned: log in first, then scan.</source>
      <translation>Vừa quét mã vạch: hãy đăng nhập trước rồi mới quét.</translation>
    </message>
    <message>
      <source>Choose your name and type your PIN, then Enter.</source>
      <translation>Chọn tên của bạn, nhập mã PIN rồi nhấn Enter.</translation>
    </message>
    <message>
      <source>Choose a user first.</source>
      <translation>Hãy chọn người dùng trước.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>OCOP Showroom POS</source>
      <translation>Bán hàng OCOP</translation>
    </message>
  </context>
  <context>
    <name>NewUserDialog</name>
    <message>
      <source>Add a user</source>
      <translation>Thêm người dùng</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Vai trò</translation>
    </message>
    <message>
      <source>Cashiers sell; managers also receive goods, approve and read reports; administrators also manage users and restore backups.</source>
      <translation>Thu ngân bán hàng; quản lý còn nhập hàng, phê duyệt và xem báo cáo; quản trị viên còn quản lý người dùng và khôi phục bản sao lưu.</translation>
    </message>
  </context>
  <context>
    <name>OpenShiftDialog</name>
    <message>
      <source>Open a shift</source>
      <translation>Mở ca</translation>
    </message>
    <message>
      <source>Cash float in the drawer</source>
      <translation>Tiền đầu ca trong ngăn kéo</translation>
    </message>
    <message>
      <source>Open the shift</source>
      <translation>Mở ca</translation>
    </message>
    <message>
      <source>{text} is not an amount of money.</source>
      <translation>{text} không phải là số tiền hợp lệ.</translation>
    </message>
  </context>
  <context>
    <name>PaymentDialog</name>
    <message>
      <source>Payment — receipt {receipt}</source>
      <translation>Thanh toán — hóa đơn {receipt}</translation>
    </message>
    <message>
      <source>Amount (empty: what is left to pay)</source>
      <translation>Số tiền (để trống: số còn phải trả)</translation>
    </message>
    <message>
      <source>Card or e-wallet reference</source>
      <translation>Mã giao dịch thẻ hoặc ví điện tử</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>Tiền mặt</translation>
    </message>
    <message>
      <source>Card</source>
      <translation>Thẻ</translation>
    </message>
    <message>
      <source>VietQR transfer</source>
      <translation>Chuyển khoản VietQR</translation>
    </message>
    <message>
      <source>E-wallet</source>
      <translation>Ví điện tử</translation>
    </message>
    <message>
      <source>Exact cash</source>
      <translation>Tiền mặt vừa đủ</translation>
    </message>
    <message>
      <source>Complete sale</source>
      <translation>Hoàn tất bán hàng</translation>
    </message>
    <message>
      <source>Remove last payment</source>
      <translation>Bỏ khoản thanh toán cuối</translation>
    </message>
    <message>
      <source>Back to the cart</source>
      <translation>Quay lại giỏ hàng</translation>
    </message>
    <message>
      <source>Buyer on the invoice</source>
      <translation>Người mua trên hóa đơn</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Tổng cộng</translation>
    </message>
    <message>
      <source>Still to pay</source>
      <translation>Còn phải trả</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>Tiền thừa</translation>
    </message>
    <message>
      <source>Scan of {code} ignored: finish the payment first (Esc returns to the cart).</source>
      <translation>Đã bỏ qua mã {code}: hãy thanh toán xong trước (Esc để quay lại giỏ hàng).</translation>
    </message>
    <message>
      <source>in cash: {amount} (rounding {rounding})</source>
      <translation>trả tiền mặt: {amount} (làm tròn {rounding})</translation>
    </message>
    <message>
      <source>{text} is not an amount of money.</source>
      <translation>{text} không phải là số tiền hợp lệ.</translation>
    </message>
    <message>
      <source>A payment must be more than 0 ₫.</source>
      <translation>Khoản thanh toán phải lớn hơn 0 ₫.</translation>
    </message>
    <message>
      <source>Card, transfer and e-wallet payments cannot exceed the total; change is given only in cash.</source>
      <translation>Thanh toán thẻ, chuyển khoản và ví điện tử không được vượt quá tổng tiền; chỉ trả tiền thừa bằng tiền mặt.</translation>
    </message>
    <message>
      <source>Type the card terminal's reference first.</source>
      <translation>Hãy nhập mã giao dịch trên máy quẹt thẻ trước.</translation>
    </message>
  </context>
  <context>
    <name>PeriodPicker</name>
    <message>
      <source>Today</source>
      <translation>Hôm nay</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>Hôm qua</translation>
    </message>
    <message>
      <source>This week</source>
      <translation>Tuần này</translation>
    </message>
    <message>
      <source>Last 7 days</source>
      <translation>7 ngày qua</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>Tháng này</translation>
    </message>
    <message>
      <source>Last month</source>
      <translation>Tháng trước</translation>
    </message>
    <message>
      <source>Last 30 days</source>
      <translation>30 ngày qua</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>Năm nay</translation>
    </message>
    <message>
      <source>Last 12 months</source>
      <translation>12 tháng qua</translation>
    </message>
    <message>
      <source>Other days</source>
      <translation>Chọn ngày khác</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>Kỳ báo cáo</translation>
    </message>
    <message>
      <source>from</source>
      <translation>từ</translation>
    </message>
    <message>
      <source>to</source>
      <translation>đến</translation>
    </message>
  </context>
  <context>
    <name>PinDialog</name>
    <message>
      <source>Change PIN</source>
      <translation>Đổi mã PIN</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Người dùng</translation>
    </message>
    <message>
      <source>Give the new PIN to the person in private. It also lifts a lock after too many wrong PINs.</source>
      <translation>Hãy trao riêng mã PIN mới cho người đó. Mã PIN mới cũng mở khóa cho người bị khóa vì nhập sai mã PIN quá nhiều lần.</translation>
    </message>
  </context>
  <context>
    <name>PinPad</name>
    <message>
      <source>PIN</source>
      <translation>Mã PIN</translation>
    </message>
  </context>
  <context>
    <name>PreferencesScreen</name>
    <message>
      <source>This till</source>
      <translation>Máy bán hàng này</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Ngôn ngữ</translation>
    </message>
    <message>
      <source>About OCOP Showroom POS…</source>
      <translation>Giới thiệu OCOP Showroom POS…</translation>
    </message>
    <message>
      <source>unchanged</source>
      <translation>không đổi</translation>
    </message>
    <message>
      <source>The new language applies from the next login: log out (Ctrl+L) and log in again; a cart being rung up waits.</source>
      <translation>Ngôn ngữ mới áp dụng từ lần đăng nhập sau: đăng xuất (Ctrl+L) rồi đăng nhập lại; giỏ hàng đang bán vẫn được giữ.</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>Lưu cài đặt</translation>
    </message>
    <message>
      <source>Automatic</source>
      <translation>Tự động</translation>
    </message>
    <message>
      <source>Screen {number}: {name} ({width}×{height})</source>
      <translation>Màn hình {number}: {name} ({width}×{height})</translation>
    </message>
    <message>
      <source>Nothing to save.</source>
      <translation>Không có gì để lưu.</translation>
    </message>
    <message>
      <source>Not saved: correct the fields marked in red.</source>
      <translation>Chưa lưu: hãy sửa các ô được đánh dấu màu đỏ.</translation>
    </message>
    <message>
      <source>Not saved: a manager did not approve.</source>
      <translation>Chưa lưu: quản lý chưa phê duyệt.</translation>
    </message>
    <message>
      <source>Not saved: {reason}</source>
      <translation>Chưa lưu: {reason}</translation>
    </message>
    <message>
      <source>Fill this in.</source>
      <translation>Cần điền mục này.</translation>
    </message>
    <message>
      <source>{count} settings saved.</source>
      <translation>Đã lưu {count} cài đặt.</translation>
    </message>
  </context>
  <context>
    <name>PrintBanner</name>
    <message>
      <source>Reprint</source>
      <translation>In lại</translation>
    </message>
    <message>
      <source>Hide</source>
      <translation>Ẩn</translation>
    </message>
    <message>
      <source>{count} receipts or reports did not print and wait in the reprint queue. The sales are saved.</source>
      <translation>{count} hóa đơn hoặc báo cáo chưa in được, đang chờ trong hàng đợi in lại. Các giao dịch bán hàng vẫn được lưu.</translation>
    </message>
    <message>
      <source>Last error: {error}</source>
      <translation>Lỗi gần nhất: {error}</translation>
    </message>
    <message>
      <source>The printer did not print: {error}</source>
      <translation>Máy in không in được: {error}</translation>
    </message>
  </context>
  <context>
    <name>PrintStation</name>
    <message>
      <source>Printer: printing…</source>
      <translation>Máy in: đang in…</translation>
    </message>
    <message>
      <source>Printer: none set</source>
      <translation>Máy in: chưa cài đặt</translation>
    </message>
    <message>
      <source>Printer: out of paper</source>
      <translation>Máy in: hết giấy</translation>
    </message>
    <message>
      <source>Printer: paper running low</source>
      <translation>Máy in: sắp hết giấy</translation>
    </message>
    <message>
      <source>Printer: not working</source>
      <translation>Máy in: không hoạt động</translation>
    </message>
    <message>
      <source>Printer: ready</source>
      <translation>Máy in: sẵn sàng</translation>
    </message>
    <message>
      <source>Printer: not checked yet</source>
      <translation>Máy in: chưa kiểm tra</translation>
    </message>
    <message>
      <source>{count} to reprint</source>
      <translation>{count} phiếu chờ in lại</translation>
    </message>
  </context>
  <context>
    <name>PrinterSettingsScreen</name>
    <message>
      <source>No printer</source>
      <translation>Không có máy in</translation>
    </message>
    <message>
      <source>Network (LAN)</source>
      <translation>Mạng (LAN)</translation>
    </message>
    <message>
      <source>USB</source>
      <translation>USB</translation>
    </message>
    <message>
      <source>Serial port</source>
      <translation>Cổng nối tiếp (COM)</translation>
    </message>
    <message>
      <source>System printer (CUPS)</source>
      <translation>Máy in hệ thống (CUPS)</translation>
    </message>
    <message>
      <source>Windows printer</source>
      <translation>Máy in Windows</translation>
    </message>
    <message>
      <source>File (raw bytes)</source>
      <translation>Tệp (dữ liệu thô)</translation>
    </message>
    <message>
      <source>Generic ESC/POS (default)</source>
      <translation>ESC/POS thông dụng (mặc định)</translation>
    </message>
    <message>
      <source>Image (raster): right on every printer</source>
      <translation>In dạng ảnh (raster): đúng trên mọi máy in</translation>
    </message>
    <message>
      <source>Printer's font (text) with a Vietnamese code page</source>
      <translation>Phông chữ của máy in (text) với bảng mã tiếng Việt</translation>
    </message>
    <message>
      <source>Automatic (from the printer model)</source>
      <translation>Tự động (theo kiểu máy in)</translation>
    </message>
    <message>
      <source>No accents</source>
      <translation>Không dấu</translation>
    </message>
    <message>
      <source>80 mm</source>
      <translation>80 mm</translation>
    </message>
    <message>
      <source>58 mm</source>
      <translation>58 mm</translation>
    </message>
    <message>
      <source>Pin 2</source>
      <translation>Chân 2</translation>
    </message>
    <message>
      <source>Pin 5</source>
      <translation>Chân 5</translation>
    </message>
    <message>
      <source>Receipt printer</source>
      <translation>Máy in hóa đơn</translation>
    </message>
    <message>
      <source>Connection</source>
      <translation>Kết nối</translation>
    </message>
    <message>
      <source>Printer model</source>
      <translation>Mẫu máy in</translation>
    </message>
    <message>
      <source>Vietnamese</source>
      <translation>Tiếng Việt</translation>
    </message>
    <message>
      <source>Code page (text mode)</source>
      <translation>Bảng mã (khi in dạng chữ)</translation>
    </message>
    <message>
      <source>Paper</source>
      <translation>Khổ giấy</translation>
    </message>
    <message>
      <source>Cash drawer</source>
      <translation>Két tiền</translation>
    </message>
    <message>
      <source>Drawer pulse</source>
      <translation>Xung mở ngăn kéo</translation>
    </message>
    <message>
      <source>Receipt footer</source>
      <translation>Chân hóa đơn</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Lưu</translation>
    </message>
    <message>
      <source>Save and print the test page</source>
      <translation>Lưu và in trang thử</translation>
    </message>
    <message>
      <source>Check the printer</source>
      <translation>Kiểm tra máy in</translation>
    </message>
    <message>
      <source>Open the cash drawer…</source>
      <translation>Mở két tiền…</translation>
    </message>
    <message>
      <source>Receipt preview (the latest sale)</source>
      <translation>Xem trước hóa đơn (lần bán gần nhất)</translation>
    </message>
    <message>
      <source>SKUs separated by spaces (empty: every active product)</source>
      <translation>Mã SKU, cách nhau bằng dấu cách (để trống: mọi sản phẩm đang bán)</translation>
    </message>
    <message>
      <source>Single labels for a label printer (one a page)</source>
      <translation>Tem lẻ cho máy in tem (mỗi trang một tem)</translation>
    </message>
    <message>
      <source>Save labels as PDF…</source>
      <translation>Lưu tem thành PDF…</translation>
    </message>
    <message>
      <source>Stop making labels</source>
      <translation>Dừng tạo tem</translation>
    </message>
    <message>
      <source>Give products without a barcode an in-store code…</source>
      <translation>Cấp mã nội bộ cho sản phẩm chưa có mã vạch…</translation>
    </message>
    <message>
      <source>Product labels</source>
      <translation>Tem sản phẩm</translation>
    </message>
    <message>
      <source>/dev/ttyUSB0 or COM3 (add :115200 for the speed)</source>
      <translation>/dev/ttyUSB0 hoặc COM3 (thêm :115200 để đặt tốc độ)</translation>
    </message>
    <message>
      <source>the printer's name in CUPS</source>
      <translation>tên máy in trong CUPS</translation>
    </message>
    <message>
      <source>the printer's name in Windows</source>
      <translation>tên máy in trong Windows</translation>
    </message>
    <message>
      <source>/path/to/receipts.bin</source>
      <translation>/đường/dẫn/tới/receipts.bin</translation>
    </message>
    <message>
      <source>The connection is not right: {reason}</source>
      <translation>Kết nối chưa đúng: {reason}</translation>
    </message>
    <message>
      <source>Printer settings saved.</source>
      <translation>Đã lưu cài đặt máy in.</translation>
    </message>
    <message>
      <source>Choose a printer connection first.</source>
      <translation>Hãy chọn kết nối máy in trước.</translation>
    </message>
    <message>
      <source>Test page sent. Keep the mode whose Vietnamese prints right.</source>
      <translation>Đã gửi trang in thử. Hãy giữ chế độ in tiếng Việt đúng dấu.</translation>
    </message>
    <message>
      <source>Checking the printer…</source>
      <translation>Đang kiểm tra máy in…</translation>
    </message>
    <message>
      <source>ready</source>
      <translation>sẵn sàng</translation>
    </message>
    <message>
      <source>no printer set</source>
      <translation>chưa cài đặt máy in</translation>
    </message>
    <message>
      <source>not reachable</source>
      <translation>không kết nối được</translation>
    </message>
    <message>
      <source>out of paper</source>
      <translation>hết giấy</translation>
    </message>
    <message>
      <source>paper running low</source>
      <translation>sắp hết giấy</translation>
    </message>
    <message>
      <source>set, its state cannot be read</source>
      <translation>đã cài đặt, không đọc được trạng thái</translation>
    </message>
    <message>
      <source>Printer: {state} ({detail})</source>
      <translation>Máy in: {state} ({detail})</translation>
    </message>
    <message>
      <source>Drawer kick sent.</source>
      <translation>Đã gửi lệnh mở két.</translation>
    </message>
    <message>
      <source>Save labels</source>
      <translation>Lưu tem</translation>
    </message>
    <message>
      <source>Make labels</source>
      <translation>Tạo tem</translation>
    </message>
    <message>
      <source>Writing labels…</source>
      <translation>Đang tạo tem…</translation>
    </message>
    <message>
      <source>This makes {count} labels, one a page, and takes a while. You can go on working meanwhile and stop them with "Stop making labels". Make them?</source>
      <translation>Việc này tạo {count} tem, mỗi tem một trang, và mất một lúc. Trong lúc đó vẫn làm việc khác được, và có thể dừng bằng nút "Dừng tạo tem". Tạo tem?</translation>
    </message>
    <message>
      <source>This makes {count} labels on {pages} A4 sheets and takes a while. You can go on working meanwhile and stop them with "Stop making labels". Make them?</source>
      <translation>Việc này tạo {count} tem trên {pages} tờ A4 và mất một lúc. Trong lúc đó vẫn làm việc khác được, và có thể dừng bằng nút "Dừng tạo tem". Tạo tem?</translation>
    </message>
    <message>
      <source>Writing labels… {done} of {total}</source>
      <translation>Đang tạo tem… {done}/{total}</translation>
    </message>
    <message>
      <source>Stopping the labels…</source>
      <translation>Đang dừng tạo tem…</translation>
    </message>
    <message>
      <source>Labels written to {path}</source>
      <translation>Đã lưu tem vào {path}</translation>
    </message>
    <message>
      <source>No product needed an in-store code: each already has a barcode (goods sold by weight take the scale's labels).</source>
      <translation>Không sản phẩm nào cần cấp mã nội bộ: sản phẩm nào cũng đã có mã vạch (hàng bán theo cân dùng tem của cân).</translation>
    </message>
    <message>
      <source>{count} products got an in-store code.</source>
      <translation>Đã cấp mã nội bộ cho {count} sản phẩm.</translation>
    </message>
  </context>
  <context>
    <name>ProducerDialog</name>
    <message>
      <source>New producer</source>
      <translation>Thêm chủ thể</translation>
    </message>
    <message>
      <source>Edit producer</source>
      <translation>Sửa chủ thể</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Mã</translation>
    </message>
    <message>
      <source>Tax code</source>
      <translation>Mã số thuế</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <source>Commune or ward</source>
      <translation>Xã/phường</translation>
    </message>
    <message>
      <source>Province</source>
      <translation>Tỉnh</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Điện thoại</translation>
    </message>
    <message>
      <source>Bank</source>
      <translation>Ngân hàng</translation>
    </message>
    <message>
      <source>Bank account</source>
      <translation>Số tài khoản</translation>
    </message>
    <message>
      <source>Also sells through supermarkets or online</source>
      <translation>Có bán qua siêu thị hoặc trực tuyến</translation>
    </message>
    <message>
      <source>{rate} from {day}</source>
      <translation>{rate} từ {day}</translation>
    </message>
    <message>
      <source>Set this rate from</source>
      <translation>Áp dụng mức này từ</translation>
    </message>
    <message>
      <source>Commission history</source>
      <translation>Lịch sử hoa hồng</translation>
    </message>
    <message>
      <source>Commission on consigned sales</source>
      <translation>Hoa hồng trên doanh số hàng ký gửi</translation>
    </message>
    <message>
      <source>Not saved: no manager approved.</source>
      <translation>Chưa lưu: không có quản lý phê duyệt.</translation>
    </message>
  </context>
  <context>
    <name>ProducersScreen</name>
    <message>
      <source>Search: name, code or tax code</source>
      <translation>Tìm: tên, mã hoặc mã số thuế</translation>
    </message>
    <message>
      <source>Show inactive</source>
      <translation>Hiện cả mục ngừng kinh doanh</translation>
    </message>
    <message>
      <source>New…</source>
      <translation>Thêm mới…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>Sửa…</translation>
    </message>
    <message>
      <source>Deactivate / delete</source>
      <translation>Ngừng kinh doanh / xóa</translation>
    </message>
    <message>
      <source>Select a producer first.</source>
      <translation>Hãy chọn một chủ thể trước.</translation>
    </message>
    <message>
      <source>Remove {name}? A producer with products, receipts or settlements is only deactivated.</source>
      <translation>Xóa {name}? Chủ thể đã có sản phẩm, phiếu nhập hoặc kỳ thanh toán thì chỉ được ngừng hoạt động.</translation>
    </message>
    <message>
      <source>{name} was deleted.</source>
      <translation>Đã xóa {name}.</translation>
    </message>
    <message>
      <source>{name} was deactivated.</source>
      <translation>Đã ngừng hoạt động {name}.</translation>
    </message>
  </context>
  <context>
    <name>ProductDialog</name>
    <message>
      <source>New product</source>
      <translation>Thêm sản phẩm</translation>
    </message>
    <message>
      <source>Edit product</source>
      <translation>Sửa sản phẩm</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>Mã hàng</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>Đơn vị tính</translation>
    </message>
    <message>
      <source>Price (VAT included, per kg for goods by weight)</source>
      <translation>Giá bán (đã gồm VAT; tính theo kg với hàng bán theo cân)</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Giá vốn</translation>
    </message>
    <message>
      <source>8938… ; scale item code 2000001</source>
      <translation>8938… ; mã hàng cân 2000001</translation>
    </message>
    <message>
      <source>Barcodes</source>
      <translation>Mã vạch</translation>
    </message>
    <message>
      <source>VAT</source>
      <translation>Thuế GTGT</translation>
    </message>
    <message>
      <source>— none —</source>
      <translation>— không có —</translation>
    </message>
    <message>
      <source>OCOP group</source>
      <translation>Nhóm sản phẩm OCOP</translation>
    </message>
    <message>
      <source>— not rated —</source>
      <translation>— chưa xếp hạng —</translation>
    </message>
    <message>
      <source>OCOP stars</source>
      <translation>Hạng sao OCOP</translation>
    </message>
    <message>
      <source>Certificate (decision) number</source>
      <translation>Số quyết định công nhận</translation>
    </message>
    <message>
      <source>Certificate signed on</source>
      <translation>Ngày ký quyết định</translation>
    </message>
    <message>
      <source>Leave unticked: signing date + 36 months.</source>
      <translation>Để trống: ngày ký cộng 36 tháng.</translation>
    </message>
    <message>
      <source>Certificate expires on</source>
      <translation>Ngày hết hạn chứng nhận</translation>
    </message>
    <message>
      <source>{name} (inactive)</source>
      <translation>{name} (ngừng kinh doanh)</translation>
    </message>
    <message>
      <source>Producer</source>
      <translation>Chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Consigned by the producer (settled monthly)</source>
      <translation>Hàng ký gửi của chủ thể (đối soát hằng tháng)</translation>
    </message>
    <message>
      <source>Sold by weight (quantities in grams, price per kg)</source>
      <translation>Bán theo cân (số lượng tính bằng gam, giá theo kg)</translation>
    </message>
    <message>
      <source>Reorder level</source>
      <translation>Mức đặt hàng lại</translation>
    </message>
    <message>
      <source>none</source>
      <translation>không có</translation>
    </message>
    <message>
      <source>Quick key</source>
      <translation>Phím bán nhanh</translation>
    </message>
    <message>
      <source>Active (can be sold)</source>
      <translation>Đang kinh doanh (được bán)</translation>
    </message>
    <message>
      <source>Price: {value} is not an amount in đồng.</source>
      <translation>Giá bán: {value} không phải là số tiền hợp lệ.</translation>
    </message>
    <message>
      <source>Cost: {value} is not an amount in đồng.</source>
      <translation>Giá vốn: {value} không phải là số tiền hợp lệ.</translation>
    </message>
    <message>
      <source>Nothing was saved: correct the marked fields.</source>
      <translation>Chưa lưu gì: hãy sửa các ô được đánh dấu.</translation>
    </message>
    <message>
      <source>Not saved: no manager approved.</source>
      <translation>Chưa lưu: không có quản lý phê duyệt.</translation>
    </message>
  </context>
  <context>
    <name>ProductsScreen</name>
    <message>
      <source>Search: name, producer, SKU or barcode (mam tom finds Mắm tôm)</source>
      <translation>Tìm: tên, chủ thể, mã hàng hoặc mã vạch (gõ “mam tom” vẫn ra “Mắm tôm”)</translation>
    </message>
    <message>
      <source>All stars</source>
      <translation>Mọi hạng sao</translation>
    </message>
    <message>
      <source>All groups</source>
      <translation>Mọi nhóm</translation>
    </message>
    <message>
      <source>Low stock</source>
      <translation>Sắp hết hàng</translation>
    </message>
    <message>
      <source>Certificate expiring or expired</source>
      <translation>Chứng nhận sắp hết hạn hoặc đã hết hạn</translation>
    </message>
    <message>
      <source>Show inactive</source>
      <translation>Hiện cả mục ngừng kinh doanh</translation>
    </message>
    <message>
      <source>New…</source>
      <translation>Thêm mới…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>Sửa…</translation>
    </message>
    <message>
      <source>Deactivate / delete</source>
      <translation>Ngừng kinh doanh / xóa</translation>
    </message>
    <message>
      <source>Photo…</source>
      <translation>Ảnh…</translation>
    </message>
    <message>
      <source>Adjust stock…</source>
      <translation>Điều chỉnh tồn kho…</translation>
    </message>
    <message>
      <source>Ledger…</source>
      <translation>Thẻ kho…</translation>
    </message>
    <message>
      <source>Import list…</source>
      <translation>Nhập danh sách…</translation>
    </message>
    <message>
      <source>Export catalogue…</source>
      <translation>Xuất danh mục…</translation>
    </message>
    <message>
      <source>Export stock…</source>
      <translation>Xuất tồn kho…</translation>
    </message>
    <message>
      <source>All producers</source>
      <translation>Mọi chủ thể</translation>
    </message>
    <message>
      <source>{count} products</source>
      <translation>{count} sản phẩm</translation>
    </message>
    <message>
      <source>Select a product first.</source>
      <translation>Hãy chọn một sản phẩm trước.</translation>
    </message>
    <message>
      <source>Remove {name}? A product that was ever sold or received is only deactivated, never deleted.</source>
      <translation>Xóa {name}? Sản phẩm đã từng bán hoặc nhập kho chỉ được ngừng kinh doanh, không bao giờ bị xóa.</translation>
    </message>
    <message>
      <source>{name} was deleted.</source>
      <translation>Đã xóa {name}.</translation>
    </message>
    <message>
      <source>{name} has history, so it was deactivated (kept for reports).</source>
      <translation>{name} đã có lịch sử giao dịch nên được chuyển sang ngừng kinh doanh (vẫn giữ cho báo cáo).</translation>
    </message>
    <message>
      <source>Product photo</source>
      <translation>Ảnh sản phẩm</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
      <translation>Hình ảnh (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
      <source>Photo saved.</source>
      <translation>Đã lưu ảnh.</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Xuất dữ liệu</translation>
    </message>
    <message>
      <source>Excel (*.xlsx);;CSV (*.csv)</source>
      <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
      <source>Exporting to {path}…</source>
      <translation>Đang xuất ra {path}…</translation>
    </message>
    <message>
      <source>{count} rows written to {path}.</source>
      <translation>Đã ghi {count} dòng vào {path}.</translation>
    </message>
  </context>
  <context>
    <name>QAbstractFileIconProvider</name>
    <message>
      <source>Folder</source>
      <translation>Thư mục</translation>
    </message>
    <message>
      <source>Drive</source>
      <translation>Ổ đĩa</translation>
    </message>
  </context>
  <context>
    <name>QFileDialog</name>
    <message>
      <source>&amp;Look in:</source>
      <translation>&amp;Tìm trong:</translation>
    </message>
    <message>
      <source>File &amp;name:</source>
      <translation>&amp;Tên tệp:</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>&amp;Loại tệp:</translation>
    </message>
    <message>
      <source>&amp;Open</source>
      <translation>&amp;Mở</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>&amp;Lưu</translation>
    </message>
    <message>
      <source>All Files (*)</source>
      <translation>Mọi tệp (*)</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Quay lại</translation>
    </message>
    <message>
      <source>Go back</source>
      <translation>Quay lại</translation>
    </message>
    <message>
      <source>Forward</source>
      <translation>Tiến tới</translation>
    </message>
    <message>
      <source>Go forward</source>
      <translation>Tiến tới</translation>
    </message>
    <message>
      <source>Parent Directory</source>
      <translation>Thư mục cha</translation>
    </message>
    <message>
      <source>Go to the parent directory</source>
      <translation>Lên thư mục cha</translation>
    </message>
    <message>
      <source>Create New Folder</source>
      <translation>Tạo thư mục mới</translation>
    </message>
    <message>
      <source>Create a New Folder</source>
      <translation>Tạo một thư mục mới</translation>
    </message>
    <message>
      <source>List View</source>
      <translation>Xem dạng danh sách</translation>
    </message>
    <message>
      <source>Change to list view mode</source>
      <translation>Chuyển sang xem dạng danh sách</translation>
    </message>
    <message>
      <source>Detail View</source>
      <translation>Xem chi tiết</translation>
    </message>
    <message>
      <source>Change to detail view mode</source>
      <translation>Chuyển sang xem chi tiết</translation>
    </message>
    <message>
      <source>Sidebar</source>
      <translation>Thanh bên</translation>
    </message>
    <message>
      <source>List of places and bookmarks</source>
      <translation>Danh sách nơi lưu và dấu trang</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Tệp</translation>
    </message>
    <message>
      <source>&amp;New Folder</source>
      <translation>Thư mục &amp;mới</translation>
    </message>
    <message>
      <source>&amp;Rename</source>
      <translation>Đổi &amp;tên</translation>
    </message>
    <message>
      <source>&amp;Delete</source>
      <translation>&amp;Xóa</translation>
    </message>
    <message>
      <source>Show &amp;hidden files</source>
      <translation>Hiện tệp &amp;ẩn</translation>
    </message>
    <message>
      <source>%1 already exists.
Do you want to replace it?</source>
      <translation>%1 đã có.
Bạn có muốn thay thế tệp này không?</translation>
    </message>
    <message>
      <source>%1
File not found.
Please verify the correct file name was given.</source>
      <translation>%1
Không tìm thấy tệp.
Hãy kiểm tra lại tên tệp.</translation>
    </message>
    <message>
      <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
      <translation>%1
Không tìm thấy thư mục.
Hãy kiểm tra lại tên thư mục.</translation>
    </message>
  </context>
  <context>
    <name>QFileSystemModel</name>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Dung lượng</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>Date Modified</source>
      <translation>Ngày sửa</translation>
    </message>
    <message>
      <source>Computer</source>
      <translation>Máy tính</translation>
    </message>
  </context>
  <context>
    <name>QGnomeTheme</name>
    <message>
      <source>&amp;OK</source>
      <translation>Đồng &amp;ý</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>&amp;Lưu</translation>
    </message>
    <message>
      <source>&amp;Cancel</source>
      <translation>&amp;Hủy</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>Đó&amp;ng</translation>
    </message>
    <message>
      <source>Close without Saving</source>
      <translation>Đóng không lưu</translation>
    </message>
  </context>
  <context>
    <name>QLineEdit</name>
    <message>
      <source>&amp;Undo</source>
      <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>&amp;Làm lại</translation>
    </message>
    <message>
      <source>Cu&amp;t</source>
      <translation>&amp;Cắt</translation>
    </message>
    <message>
      <source>&amp;Copy</source>
      <translation>Sao &amp;chép</translation>
    </message>
    <message>
      <source>&amp;Paste</source>
      <translation>&amp;Dán</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Xóa</translation>
    </message>
    <message>
      <source>Select All</source>
      <translation>Chọn tất cả</translation>
    </message>
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <source>OK</source>
      <translation>Đồng ý</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Lưu</translation>
    </message>
    <message>
      <source>Save All</source>
      <translation>Lưu tất cả</translation>
    </message>
    <message>
      <source>&amp;Yes</source>
      <translation>&amp;Có</translation>
    </message>
    <message>
      <source>Yes to &amp;All</source>
      <translation>Có với &amp;tất cả</translation>
    </message>
    <message>
      <source>&amp;No</source>
      <translation>&amp;Không</translation>
    </message>
    <message>
      <source>N&amp;o to All</source>
      <translation>K&amp;hông với tất cả</translation>
    </message>
    <message>
      <source>Abort</source>
      <translation>Hủy bỏ</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>Thử lại</translation>
    </message>
    <message>
      <source>Ignore</source>
      <translation>Bỏ qua</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <source>Discard</source>
      <translation>Bỏ</translation>
    </message>
    <message>
      <source>Help</source>
      <translation>Trợ giúp</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>Áp dụng</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>Đặt lại</translation>
    </message>
    <message>
      <source>Restore Defaults</source>
      <translation>Khôi phục mặc định</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Đang mở</translation>
    </message>
  </context>
  <context>
    <name>ReceiptLinesModel</name>
    <message>
      <source>SKU</source>
      <translation>Mã hàng</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>Số lượng</translation>
    </message>
    <message>
      <source>Unit cost</source>
      <translation>Giá vốn đơn vị</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Thành tiền</translation>
    </message>
    <message>
      <source>Batch</source>
      <translation>Lô</translation>
    </message>
    <message>
      <source>Best before</source>
      <translation>Hạn sử dụng</translation>
    </message>
    <message>
      <source>{value} cannot be read here.</source>
      <translation>Không đọc được {value} ở ô này.</translation>
    </message>
  </context>
  <context>
    <name>ReportPanel</name>
    <message>
      <source>Show</source>
      <translation>Xem</translation>
    </message>
    <message>
      <source>Excel (XLSX)</source>
      <translation>Excel (XLSX)</translation>
    </message>
    <message>
      <source>CSV</source>
      <translation>CSV</translation>
    </message>
    <message>
      <source>PDF</source>
      <translation>PDF</translation>
    </message>
    <message>
      <source>Computing…</source>
      <translation>Đang tính…</translation>
    </message>
    <message>
      <source>The report failed: {error}</source>
      <translation>Không lập được báo cáo: {error}</translation>
    </message>
    <message>
      <source>Save the report</source>
      <translation>Lưu báo cáo</translation>
    </message>
    <message>
      <source>Saving {path}…</source>
      <translation>Đang lưu {path}…</translation>
    </message>
    <message>
      <source>Saved {path}</source>
      <translation>Đã lưu {path}</translation>
    </message>
    <message>
      <source>The report was not saved: {error}</source>
      <translation>Chưa lưu được báo cáo: {error}</translation>
    </message>
  </context>
  <context>
    <name>ReportsScreen</name>
    <message>
      <source>Sales</source>
      <translation>Doanh số</translation>
    </message>
    <message>
      <source>Stock</source>
      <translation>Tồn kho</translation>
    </message>
    <message>
      <source>Cash and shifts</source>
      <translation>Tiền mặt và ca làm việc</translation>
    </message>
  </context>
  <context>
    <name>ReturnDialog</name>
    <message>
      <source>Return against a receipt</source>
      <translation>Trả hàng theo hóa đơn</translation>
    </message>
    <message>
      <source>Scan the receipt or type its number, then Enter</source>
      <translation>Quét hóa đơn hoặc nhập số hóa đơn, rồi nhấn Enter</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>Sold</source>
      <translation>Bán</translation>
    </message>
    <message>
      <source>Returned now</source>
      <translation>SL trả lại</translation>
    </message>
    <message>
      <source>Write off</source>
      <translation>Xuất hủy</translation>
    </message>
    <message>
      <source>Reason for writing off</source>
      <translation>Lý do xuất hủy</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Hóa đơn</translation>
    </message>
    <message>
      <source>Refund by</source>
      <translation>Hoàn tiền bằng</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Lý do</translation>
    </message>
    <message>
      <source>Return everything</source>
      <translation>Trả lại tất cả</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>Hoàn tiền</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <source>All {qty} of {name} are already on this return.</source>
      <translation>Cả {qty} {name} đã có trên phiếu trả này.</translation>
    </message>
    <message>
      <source>{code} is not on receipt {receipt}.</source>
      <translation>{code} không có trên hóa đơn {receipt}.</translation>
    </message>
    <message>
      <source>Receipt {receipt} of {day}: {total}</source>
      <translation>Hóa đơn {receipt} ngày {day}: {total}</translation>
    </message>
    <message>
      <source>This sale was voided: nothing to return.</source>
      <translation>Hóa đơn này đã bị hủy: không có gì để trả.</translation>
    </message>
    <message>
      <source> ({n} already back)</source>
      <translation> (đã trả {n})</translation>
    </message>
    <message>
      <source>Refund: {amount}</source>
      <translation>Hoàn tiền: {amount}</translation>
    </message>
    <message>
      <source>exact refund {exact}, cash rounding {rounding}</source>
      <translation>số tiền hoàn chính xác {exact}, làm tròn tiền mặt {rounding}</translation>
    </message>
    <message>
      <source>Choose what comes back.</source>
      <translation>Hãy chọn hàng khách trả lại.</translation>
    </message>
    <message>
      <source>Not refunded: a manager's approval is needed.</source>
      <translation>Chưa hoàn tiền: cần quản lý phê duyệt.</translation>
    </message>
  </context>
  <context>
    <name>Roles</name>
    <message>
      <source>Cashier</source>
      <translation>Thu ngân</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>Quản lý</translation>
    </message>
    <message>
      <source>Administrator</source>
      <translation>Quản trị viên</translation>
    </message>
  </context>
  <context>
    <name>SalesPanel</name>
    <message>
      <source>Sales by…</source>
      <translation>Doanh thu theo…</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Tổng hợp</translation>
    </message>
    <message>
      <source>Best sellers</source>
      <translation>Sản phẩm bán chạy</translation>
    </message>
    <message>
      <source>Worst sellers</source>
      <translation>Sản phẩm bán chậm nhất</translation>
    </message>
    <message>
      <source>Discounts</source>
      <translation>Chiết khấu</translation>
    </message>
    <message>
      <source>Returns</source>
      <translation>Trả hàng</translation>
    </message>
    <message>
      <source>top </source>
      <translation>top </translation>
    </message>
    <message>
      <source>Print summary</source>
      <translation>In bản tổng hợp</translation>
    </message>
    <message>
      <source>Net sales {net} ₫ · {receipts} receipts · average basket {basket} ₫ · discounts {discounts} ₫ · returns {returns} ₫ · gross margin {margin} ₫ ({margin_pct})</source>
      <translation>Doanh thu thuần {net} ₫ · {receipts} hóa đơn · trung bình {basket} ₫/hóa đơn · chiết khấu {discounts} ₫ · trả hàng {returns} ₫ · lãi gộp {margin} ₫ ({margin_pct})</translation>
    </message>
  </context>
  <context>
    <name>ScannerPolicy</name>
    <message>
      <source>Scan of {code} ignored: this field does not take barcodes.</source>
      <translation>Đã bỏ qua mã quét {code}: ô này không nhận mã vạch.</translation>
    </message>
  </context>
  <context>
    <name>Screens</name>
    <message>
      <source>Checkout</source>
      <translation>Bán hàng</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>Trang chủ</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Cài đặt</translation>
    </message>
    <message>
      <source>Audit log</source>
      <translation>Nhật ký hoạt động</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>Sao lưu</translation>
    </message>
    <message>
      <source>Printer and labels</source>
      <translation>Máy in và tem</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>Báo cáo</translation>
    </message>
    <message>
      <source>Products</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>Producers</source>
      <translation>Chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Goods receipt</source>
      <translation>Nhập hàng</translation>
    </message>
    <message>
      <source>Stock count</source>
      <translation>Kiểm kê</translation>
    </message>
    <message>
      <source>Stock ledger</source>
      <translation>Thẻ kho</translation>
    </message>
    <message>
      <source>Stock alerts</source>
      <translation>Cảnh báo tồn kho</translation>
    </message>
    <message>
      <source>Consignment settlement</source>
      <translation>Thanh toán hàng ký gửi</translation>
    </message>
    <message>
      <source>E-invoices</source>
      <translation>Hóa đơn điện tử</translation>
    </message>
    <message>
      <source>Users and PINs</source>
      <translation>Người dùng và mã PIN</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <source>File drop (the provider's import tool)</source>
      <translation>Xuất tệp (công cụ nhập của nhà cung cấp)</translation>
    </message>
    <message>
      <source>SePay eInvoice API</source>
      <translation>API hóa đơn điện tử SePay</translation>
    </message>
    <message>
      <source>Outlet</source>
      <translation>Điểm bán</translation>
    </message>
    <message>
      <source>Showroom name</source>
      <translation>Tên điểm bán</translation>
    </message>
    <message>
      <source>Printed at the top of every receipt.</source>
      <translation>In ở đầu mỗi hóa đơn.</translation>
    </message>
    <message>
      <source>Outlet code</source>
      <translation>Mã điểm bán</translation>
    </message>
    <message>
      <source>The code the province knows this showroom by.</source>
      <translation>Mã do tỉnh cấp cho điểm bán này.</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <source>Street and number.</source>
      <translation>Số nhà và tên đường.</translation>
    </message>
    <message>
      <source>Commune or ward</source>
      <translation>Xã/phường</translation>
    </message>
    <message>
      <source>Since 07/2025: commune/ward + province.</source>
      <translation>Từ 07/2025: xã/phường + tỉnh.</translation>
    </message>
    <message>
      <source>Province</source>
      <translation>Tỉnh</translation>
    </message>
    <message>
      <source>For example Đồng Tháp.</source>
      <translation>Ví dụ: Đồng Tháp.</translation>
    </message>
    <message>
      <source>Tax code</source>
      <translation>Mã số thuế</translation>
    </message>
    <message>
      <source>10 or 13 digits with a check digit; printed on receipts.</source>
      <translation>10 hoặc 13 chữ số có số kiểm tra; in trên hóa đơn.</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Điện thoại</translation>
    </message>
    <message>
      <source>Printed on receipts.</source>
      <translation>In trên hóa đơn.</translation>
    </message>
    <message>
      <source>Time zone</source>
      <translation>Múi giờ</translation>
    </message>
    <message>
      <source>Every time shown, printed and reported is in this zone, whatever the PC's clock.</source>
      <translation>Mọi giờ hiển thị, in ra và trong báo cáo đều theo múi giờ này, bất kể đồng hồ của máy tính.</translation>
    </message>
    <message>
      <source>Cash rounding</source>
      <translation>Làm tròn tiền mặt</translation>
    </message>
    <message>
      <source>Cash pays what is left, and cash refunds are handed back, rounded half up to this; card and transfer pay exactly.</source>
      <translation>Số tiền mặt phải trả và tiền mặt hoàn lại được làm tròn (từ nửa trở lên thì làm tròn lên) đến mức này; thẻ và chuyển khoản trả đúng số tiền.</translation>
    </message>
    <message>
      <source>Exact (no rounding)</source>
      <translation>Chính xác (không làm tròn)</translation>
    </message>
    <message>
      <source>Discount without approval</source>
      <translation>Giảm giá không cần duyệt</translation>
    </message>
    <message>
      <source>Larger discounts need a manager's PIN.</source>
      <translation>Giảm nhiều hơn cần mã PIN của quản lý.</translation>
    </message>
    <message>
      <source>Receipt footer</source>
      <translation>Chân hóa đơn</translation>
    </message>
    <message>
      <source>The last line of every receipt.</source>
      <translation>Dòng cuối của mỗi hóa đơn.</translation>
    </message>
    <message>
      <source>Printer and drawer</source>
      <translation>Máy in &amp; ngăn kéo</translation>
    </message>
    <message>
      <source>Receipt printer</source>
      <translation>Máy in hóa đơn</translation>
    </message>
    <message>
      <source>none, network:HOST[:PORT], usb:VID:PID, serial:DEVICE, cups:NAME, win32:NAME or file:PATH.</source>
      <translation>none, network:MÁY[:CỔNG], usb:VID:PID, serial:THIẾT_BỊ, cups:TÊN, win32:TÊN hoặc file:ĐƯỜNG_DẪN.</translation>
    </message>
    <message>
      <source>Printer model</source>
      <translation>Mẫu máy in</translation>
    </message>
    <message>
      <source>A python-escpos profile, e.g. TM-T20II.</source>
      <translation>Một cấu hình máy in của python-escpos, ví dụ TM-T20II.</translation>
    </message>
    <message>
      <source>How Vietnamese is printed</source>
      <translation>Cách in tiếng Việt</translation>
    </message>
    <message>
      <source>As an image works on every printer; as text is faster where the printer has the letters.</source>
      <translation>In dạng ảnh chạy trên mọi máy in; in dạng chữ nhanh hơn nếu máy in có sẵn bộ chữ tiếng Việt.</translation>
    </message>
    <message>
      <source>As an image</source>
      <translation>Dạng ảnh</translation>
    </message>
    <message>
      <source>As text</source>
      <translation>Dạng chữ</translation>
    </message>
    <message>
      <source>Code page (text mode)</source>
      <translation>Bảng mã (khi in dạng chữ)</translation>
    </message>
    <message>
      <source>Auto picks the best the printer has.</source>
      <translation>Tự động chọn bảng mã tốt nhất máy in có.</translation>
    </message>
    <message>
      <source>Automatic</source>
      <translation>Tự động</translation>
    </message>
    <message>
      <source>Without accents</source>
      <translation>Không dấu</translation>
    </message>
    <message>
      <source>Paper width</source>
      <translation>Khổ giấy</translation>
    </message>
    <message>
      <source>The roll's width.</source>
      <translation>Chiều rộng cuộn giấy.</translation>
    </message>
    <message>
      <source>Cash drawer pin</source>
      <translation>Chân mở ngăn kéo</translation>
    </message>
    <message>
      <source>Pin 2 on most drawers.</source>
      <translation>Chân 2 với hầu hết ngăn kéo.</translation>
    </message>
    <message>
      <source>Drawer pulse</source>
      <translation>Xung mở ngăn kéo</translation>
    </message>
    <message>
      <source>Longer if the drawer does not open.</source>
      <translation>Tăng lên nếu ngăn kéo không mở.</translation>
    </message>
    <message>
      <source>Labels per A4 sheet</source>
      <translation>Số tem trên tờ A4</translation>
    </message>
    <message>
      <source>Columns x rows, e.g. 3x8.</source>
      <translation>Cột x hàng, ví dụ 3x8.</translation>
    </message>
    <message>
      <source>A4 sheet margins (mm)</source>
      <translation>Lề tờ A4 (mm)</translation>
    </message>
    <message>
      <source>Top, left, e.g. 13,7.</source>
      <translation>Trên, trái, ví dụ 13,7.</translation>
    </message>
    <message>
      <source>Gaps between labels (mm)</source>
      <translation>Khoảng cách giữa các tem (mm)</translation>
    </message>
    <message>
      <source>Across, down, e.g. 2.5,0.</source>
      <translation>Ngang, dọc, ví dụ 2.5,0.</translation>
    </message>
    <message>
      <source>Label printer label (mm)</source>
      <translation>Tem máy in tem (mm)</translation>
    </message>
    <message>
      <source>Width x height, e.g. 50x30.</source>
      <translation>Rộng x cao, ví dụ 50x30.</translation>
    </message>
    <message>
      <source>Bank / VietQR</source>
      <translation>Ngân hàng/VietQR</translation>
    </message>
    <message>
      <source>Bank</source>
      <translation>Ngân hàng</translation>
    </message>
    <message>
      <source>The bank that receives transfers.</source>
      <translation>Ngân hàng nhận tiền chuyển khoản.</translation>
    </message>
    <message>
      <source>(not set)</source>
      <translation>(chưa cài đặt)</translation>
    </message>
    <message>
      <source>Account number</source>
      <translation>Số tài khoản</translation>
    </message>
    <message>
      <source>Up to 19 letters or digits.</source>
      <translation>Tối đa 19 chữ cái hoặc chữ số.</translation>
    </message>
    <message>
      <source>Account holder</source>
      <translation>Chủ tài khoản</translation>
    </message>
    <message>
      <source>As the bank shows it.</source>
      <translation>Đúng như ngân hàng ghi.</translation>
    </message>
    <message>
      <source>Province sync</source>
      <translation>Đồng bộ tỉnh</translation>
    </message>
    <message>
      <source>Province server</source>
      <translation>Máy chủ của tỉnh</translation>
    </message>
    <message>
      <source>An https:// address given by the province.</source>
      <translation>Địa chỉ https:// do tỉnh cung cấp.</translation>
    </message>
    <message>
      <source>Outlet token</source>
      <translation>Mã truy cập của điểm bán</translation>
    </message>
    <message>
      <source>Given by the province; kept secret.</source>
      <translation>Do tỉnh cấp; được giữ bí mật.</translation>
    </message>
    <message>
      <source>Security</source>
      <translation>Bảo mật</translation>
    </message>
    <message>
      <source>Lock the till after</source>
      <translation>Khóa máy bán hàng sau</translation>
    </message>
    <message>
      <source>Minutes without use; 0 never locks.</source>
      <translation>Số phút không dùng; 0 là không bao giờ khóa.</translation>
    </message>
    <message>
      <source>min</source>
      <translation>phút</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>Sao lưu</translation>
    </message>
    <message>
      <source>Backup folder</source>
      <translation>Thư mục sao lưu</translation>
    </message>
    <message>
      <source>Empty: the default folder. A USB disk is safer.</source>
      <translation>Để trống: thư mục mặc định. Ổ USB an toàn hơn.</translation>
    </message>
    <message>
      <source>Backups kept</source>
      <translation>Số bản sao lưu giữ lại</translation>
    </message>
    <message>
      <source>Older ones are deleted.</source>
      <translation>Các bản cũ hơn sẽ bị xóa.</translation>
    </message>
    <message>
      <source>Scanner</source>
      <translation>Máy quét</translation>
    </message>
    <message>
      <source>Longest gap between keys</source>
      <translation>Khoảng cách tối đa giữa hai phím</translation>
    </message>
    <message>
      <source>A scanner types faster than a person; raise it for a slow scanner.</source>
      <translation>Máy quét gõ nhanh hơn người; tăng lên nếu máy quét chậm.</translation>
    </message>
    <message>
      <source>Shortest code</source>
      <translation>Mã ngắn nhất</translation>
    </message>
    <message>
      <source>Shorter bursts are typing.</source>
      <translation>Chuỗi ngắn hơn được coi là gõ tay.</translation>
    </message>
    <message>
      <source>characters</source>
      <translation>ký tự</translation>
    </message>
    <message>
      <source>Scale label layout</source>
      <translation>Định dạng tem cân</translation>
    </message>
    <message>
      <source>kind:item:value:decimals, e.g. weight:5:5:3.</source>
      <translation>loại:mã:giá_trị:số_lẻ, ví dụ weight:5:5:3.</translation>
    </message>
    <message>
      <source>E-invoices</source>
      <translation>Hóa đơn điện tử</translation>
    </message>
    <message>
      <source>Issue e-invoices from the cash register</source>
      <translation>Lập hóa đơn điện tử khởi tạo từ máy tính tiền</translation>
    </message>
    <message>
      <source>Every sale gets an invoice number and the tax authority's code; the receipt becomes the invoice. Required of enterprises and households selling to consumers above the revenue threshold (see docs/EINVOICE.md).</source>
      <translation>Mỗi giao dịch có số hóa đơn và mã của cơ quan thuế; phiếu in là bản thể hiện của hóa đơn. Bắt buộc với doanh nghiệp và hộ kinh doanh bán cho người tiêu dùng có doanh thu trên ngưỡng (xem docs/EINVOICE.md).</translation>
    </message>
    <message>
      <source>Invoice form</source>
      <translation>Mẫu số hóa đơn</translation>
    </message>
    <message>
      <source>As registered with the tax authority.</source>
      <translation>Như đã đăng ký với cơ quan thuế.</translation>
    </message>
    <message>
      <source>1 - VAT invoice</source>
      <translation>1 - Hóa đơn giá trị gia tăng</translation>
    </message>
    <message>
      <source>2 - Sales invoice</source>
      <translation>2 - Hóa đơn bán hàng</translation>
    </message>
    <message>
      <source>Invoice symbol</source>
      <translation>Ký hiệu hóa đơn</translation>
    </message>
    <message>
      <source>6 characters as registered, e.g. C26MAA; the two year digits follow the calendar.</source>
      <translation>6 ký tự như đã đăng ký, ví dụ C26MAA; hai chữ số năm tự theo năm dương lịch.</translation>
    </message>
    <message>
      <source>Tax authority's code for the showroom</source>
      <translation>Chuỗi mã cơ quan thuế cấp cho điểm bán</translation>
    </message>
    <message>
      <source>The 5 characters assigned at registration (M1-26-ABCDE-…); never invent it.</source>
      <translation>5 ký tự được cấp khi đăng ký (M1-26-ABCDE-…); không tự đặt.</translation>
    </message>
    <message>
      <source>Who composes the tax authority's code</source>
      <translation>Ai tạo mã của cơ quan thuế</translation>
    </message>
    <message>
      <source>The till, unless the provider returns the whole code.</source>
      <translation>Máy bán hàng, trừ khi nhà cung cấp trả về toàn bộ mã.</translation>
    </message>
    <message>
      <source>This till</source>
      <translation>Máy bán hàng này</translation>
    </message>
    <message>
      <source>The provider</source>
      <translation>Nhà cung cấp</translation>
    </message>
    <message>
      <source>Seller's legal name</source>
      <translation>Tên đơn vị bán theo đăng ký</translation>
    </message>
    <message>
      <source>Empty: the showroom name. Tax code and address: the Outlet page.</source>
      <translation>Để trống: dùng tên điểm bán. Mã số thuế và địa chỉ: trang Điểm bán.</translation>
    </message>
    <message>
      <source>Delivery</source>
      <translation>Cách gửi</translation>
    </message>
    <message>
      <source>How invoices reach the licensed provider.</source>
      <translation>Cách hóa đơn đến nhà cung cấp dịch vụ hóa đơn.</translation>
    </message>
    <message>
      <source>Folder for the provider's import tool</source>
      <translation>Thư mục cho công cụ nhập của nhà cung cấp</translation>
    </message>
    <message>
      <source>File drop: one folder a day. Empty: einvoice beside the database.</source>
      <translation>Xuất tệp: mỗi ngày một thư mục. Để trống: thư mục einvoice cạnh cơ sở dữ liệu.</translation>
    </message>
    <message>
      <source>Provider API address</source>
      <translation>Địa chỉ API của nhà cung cấp</translation>
    </message>
    <message>
      <source>SePay: https://einvoice-api.sepay.vn (sandbox: einvoice-api-sandbox).</source>
      <translation>SePay: https://einvoice-api.sepay.vn (thử nghiệm: einvoice-api-sandbox).</translation>
    </message>
    <message>
      <source>Provider client id</source>
      <translation>Client id của nhà cung cấp</translation>
    </message>
    <message>
      <source>Given by the provider.</source>
      <translation>Do nhà cung cấp cấp.</translation>
    </message>
    <message>
      <source>Provider client secret</source>
      <translation>Client secret của nhà cung cấp</translation>
    </message>
    <message>
      <source>Given by the provider; kept secret.</source>
      <translation>Do nhà cung cấp cấp; được giữ bí mật.</translation>
    </message>
    <message>
      <source>Provider account</source>
      <translation>Tài khoản nhà cung cấp</translation>
    </message>
    <message>
      <source>SePay: the provider_account_id of the showroom's provider account.</source>
      <translation>SePay: provider_account_id của tài khoản nhà cung cấp của điểm bán.</translation>
    </message>
    <message>
      <source>Invoice lookup address</source>
      <translation>Địa chỉ tra cứu hóa đơn</translation>
    </message>
    <message>
      <source>Printed as a QR code; empty: the tax authority's portal.</source>
      <translation>In thành mã QR; để trống: cổng của cơ quan thuế.</translation>
    </message>
    <message>
      <source>Newer rules file</source>
      <translation>Tệp quy định mới hơn</translation>
    </message>
    <message>
      <source>When the law changes before the app does; empty: the shipped rules.</source>
      <translation>Khi quy định thay đổi trước khi có bản cập nhật; để trống: quy định đi kèm phần mềm.</translation>
    </message>
    <message>
      <source>Rule set</source>
      <translation>Bộ quy định</translation>
    </message>
    <message>
      <source>Empty: the newest in force on the invoice's date.</source>
      <translation>Để trống: bộ mới nhất có hiệu lực vào ngày lập hóa đơn.</translation>
    </message>
    <message>
      <source>Customer display</source>
      <translation>Màn hình khách hàng</translation>
    </message>
    <message>
      <source>Show the customer display</source>
      <translation>Bật màn hình khách hàng</translation>
    </message>
    <message>
      <source>The cart, the total, the VietQR code and a thank-you, full screen on a second monitor facing the customer.</source>
      <translation>Giỏ hàng, tổng tiền, mã VietQR và lời cảm ơn, toàn màn hình trên màn hình thứ hai quay về phía khách.</translation>
    </message>
    <message>
      <source>Screen</source>
      <translation>Màn hình</translation>
    </message>
    <message>
      <source>Automatic: the first screen the till's window is not on.</source>
      <translation>Tự động: màn hình đầu tiên không hiển thị cửa sổ bán hàng.</translation>
    </message>
    <message>
      <source>Language for customers</source>
      <translation>Ngôn ngữ cho khách</translation>
    </message>
    <message>
      <source>English beneath the Vietnamese helps tourists.</source>
      <translation>Thêm tiếng Anh bên dưới tiếng Việt cho khách du lịch.</translation>
    </message>
    <message>
      <source>Vietnamese</source>
      <translation>Tiếng Việt</translation>
    </message>
    <message>
      <source>Vietnamese and English</source>
      <translation>Tiếng Việt và tiếng Anh</translation>
    </message>
    <message>
      <source>Each product on the slideshow</source>
      <translation>Mỗi sản phẩm trình chiếu trong</translation>
    </message>
    <message>
      <source>Between customers the screen shows the showroom's OCOP products.</source>
      <translation>Giữa các lượt khách, màn hình trình chiếu các sản phẩm OCOP của điểm bán.</translation>
    </message>
    <message>
      <source>seconds</source>
      <translation>giây</translation>
    </message>
    <message>
      <source>Pole display port</source>
      <translation>Cổng màn hình hiển thị giá</translation>
    </message>
    <message>
      <source>A 2x20 display on a serial port, e.g. /dev/ttyUSB0 or COM3; empty: none.</source>
      <translation>Màn hình 2x20 ký tự nối cổng nối tiếp, ví dụ /dev/ttyUSB0 hoặc COM3; để trống: không dùng.</translation>
    </message>
    <message>
      <source>Pole display speed</source>
      <translation>Tốc độ màn hình hiển thị giá</translation>
    </message>
    <message>
      <source>As set on the display; 9600 on most.</source>
      <translation>Theo cài đặt trên màn hình; đa số là 9600.</translation>
    </message>
    <message>
      <source>Stock</source>
      <translation>Tồn kho</translation>
    </message>
    <message>
      <source>Allow selling below zero stock</source>
      <translation>Cho phép bán khi tồn kho dưới 0</translation>
    </message>
    <message>
      <source>Then flagged for a count.</source>
      <translation>Khi đó sản phẩm được đánh dấu để kiểm kê.</translation>
    </message>
    <message>
      <source>Warn before best-before</source>
      <translation>Cảnh báo trước hạn sử dụng</translation>
    </message>
    <message>
      <source>Days ahead.</source>
      <translation>Số ngày trước.</translation>
    </message>
    <message>
      <source>days</source>
      <translation>ngày</translation>
    </message>
  </context>
  <context>
    <name>SettlementScreen</name>
    <message>
      <source>Show</source>
      <translation>Xem</translation>
    </message>
    <message>
      <source>Mark the period settled (locks it)</source>
      <translation>Chốt sổ kỳ này (khóa lại)</translation>
    </message>
    <message>
      <source>Save PDF…</source>
      <translation>Lưu PDF…</translation>
    </message>
    <message>
      <source>Save XLSX…</source>
      <translation>Lưu XLSX…</translation>
    </message>
    <message>
      <source>Print on the receipt printer</source>
      <translation>In trên máy in hóa đơn</translation>
    </message>
    <message>
      <source>From</source>
      <translation>Từ ngày</translation>
    </message>
    <message>
      <source>To</source>
      <translation>Đến ngày</translation>
    </message>
    <message>
      <source>Sales value</source>
      <translation>Doanh số</translation>
    </message>
    <message>
      <source>Commission</source>
      <translation>Hoa hồng</translation>
    </message>
    <message>
      <source>Payable</source>
      <translation>Phải trả</translation>
    </message>
    <message>
      <source>Settled by</source>
      <translation>Người chốt sổ</translation>
    </message>
    <message>
      <source>Producer</source>
      <translation>Chủ thể sản xuất</translation>
    </message>
    <message>
      <source>to</source>
      <translation>đến</translation>
    </message>
    <message>
      <source>Settled periods (double-click to open)</source>
      <translation>Các kỳ đã chốt (nhấp đúp để mở)</translation>
    </message>
    <message>
      <source>A statement is printed once its period is settled, so the paper signed is the one kept.</source>
      <translation>Bảng kê được in khi kỳ đã được chốt, để tờ được ký đúng là bản được lưu.</translation>
    </message>
    <message>
      <source>A period can be settled once it has ended (its last day before today).</source>
      <translation>Chỉ chốt được kỳ đã kết thúc (ngày cuối của kỳ trước hôm nay).</translation>
    </message>
    <message>
      <source>Quantities are in several units ({units}): see each line.</source>
      <translation>Số lượng tính theo nhiều đơn vị ({units}): xem từng dòng.</translation>
    </message>
    <message>
      <source>Received {received}, sold {sold}, returned {returned}, on hand {on_hand}.</source>
      <translation>Nhận {received}, bán {sold}, trả lại {returned}, tồn {on_hand}.</translation>
    </message>
    <message>
      <source>On hand at the start {opening}, received {received}, sold {sold}, returned {returned}, other {other}, on hand at the end {on_hand}.</source>
      <translation>Tồn đầu kỳ {opening}, nhận {received}, bán {sold}, trả lại {returned}, khác {other}, tồn cuối kỳ {on_hand}.</translation>
    </message>
    <message>
      <source>Sales value: {value}</source>
      <translation>Doanh số: {value}</translation>
    </message>
    <message>
      <source>Commission {rate} ({start} – {end}) on {value}: {commission}</source>
      <translation>Hoa hồng {rate} ({start} – {end}) trên {value}: {commission}</translation>
    </message>
    <message>
      <source>Payable to the producer: {payable}</source>
      <translation>Phải trả chủ thể: {payable}</translation>
    </message>
    <message>
      <source>Settled on {day} by {name}: locked.</source>
      <translation>Đã chốt sổ ngày {day}, người chốt {name}: đã khóa.</translation>
    </message>
    <message>
      <source>Not settled yet.</source>
      <translation>Chưa chốt sổ.</translation>
    </message>
    <message>
      <source>Settle {producer} for {start} – {end}? Payable: {payable}. The period is then locked: its deliveries, returns and commission can no longer change.</source>
      <translation>Chốt sổ {producer} kỳ {start} – {end}? Phải trả: {payable}. Sau khi chốt, kỳ này bị khóa: hàng nhận, hàng trả và hoa hồng của kỳ không sửa được nữa.</translation>
    </message>
    <message>
      <source>Not settled: no manager approved.</source>
      <translation>Chưa chốt sổ: không có quản lý phê duyệt.</translation>
    </message>
    <message>
      <source>Settled: {payable} payable to {producer}.</source>
      <translation>Đã chốt sổ: phải trả {producer} {payable}.</translation>
    </message>
    <message>
      <source>Statement</source>
      <translation>Bảng kê</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Saved {path}.</source>
      <translation>Đã lưu {path}.</translation>
    </message>
    <message>
      <source>Only a settled period can be printed on the receipt printer.</source>
      <translation>Chỉ in được trên máy in hóa đơn khi kỳ đã chốt sổ.</translation>
    </message>
    <message>
      <source>Sent to the receipt printer.</source>
      <translation>Đã gửi tới máy in hóa đơn.</translation>
    </message>
  </context>
  <context>
    <name>SetupDialog</name>
    <message>
      <source>Set up this showroom</source>
      <translation>Thiết lập điểm bán</translation>
    </message>
    <message>
      <source>Showroom name</source>
      <translation>Tên điểm bán</translation>
    </message>
    <message>
      <source>Outlet code (from the province)</source>
      <translation>Mã điểm bán (do tỉnh cấp)</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <source>Administrator's name</source>
      <translation>Tên quản trị viên</translation>
    </message>
    <message>
      <source>Administrator's PIN (4–12 digits)</source>
      <translation>Mã PIN quản trị viên (4–12 chữ số)</translation>
    </message>
    <message>
      <source>PIN again</source>
      <translation>Nhập lại mã PIN</translation>
    </message>
    <message>
      <source>Welcome! Name this showroom and create its administrator.</source>
      <translation>Xin chào! Hãy đặt tên điểm bán và tạo tài khoản quản trị viên.</translation>
    </message>
    <message>
      <source>The two PINs differ.</source>
      <translation>Hai mã PIN không khớp nhau.</translation>
    </message>
  </context>
  <context>
    <name>ShiftDialog</name>
    <message>
      <source>Shift</source>
      <translation>Ca làm việc</translation>
    </message>
    <message>
      <source>Cash in</source>
      <translation>Nộp thêm tiền</translation>
    </message>
    <message>
      <source>Cash out</source>
      <translation>Rút tiền</translation>
    </message>
    <message>
      <source>Close the shift</source>
      <translation>Chốt ca</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Quay lại</translation>
    </message>
    <message>
      <source>No shift is open.</source>
      <translation>Chưa mở ca nào.</translation>
    </message>
    <message>
      <source>Shift open since {time}</source>
      <translation>Ca mở từ {time}</translation>
    </message>
    <message>
      <source>Receipts: {n}</source>
      <translation>Số hóa đơn: {n}</translation>
    </message>
    <message>
      <source>Net sales: {v}</source>
      <translation>Doanh số thuần: {v}</translation>
    </message>
    <message>
      <source>Expected cash: {v}</source>
      <translation>Tiền mặt theo sổ: {v}</translation>
    </message>
  </context>
  <context>
    <name>StockAlertsScreen</name>
    <message>
      <source>Alert</source>
      <translation>Cảnh báo</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>Mã hàng</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Chi tiết</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Làm mới</translation>
    </message>
    <message>
      <source>{count} alerts, {urgent} urgent. Double-click one to see its ledger.</source>
      <translation>{count} cảnh báo, {urgent} khẩn. Nhấp đúp để xem thẻ kho.</translation>
    </message>
  </context>
  <context>
    <name>StockCountScreen</name>
    <message>
      <source>Note for a new count (e.g. end of month, shelf 3)</source>
      <translation>Ghi chú cho đợt kiểm kê mới (ví dụ: cuối tháng, kệ 3)</translation>
    </message>
    <message>
      <source>Start a new count</source>
      <translation>Bắt đầu kiểm kê mới</translation>
    </message>
    <message>
      <source>Cancel this count</source>
      <translation>Hủy đợt kiểm kê này</translation>
    </message>
    <message>
      <source>Scan items (each scan counts one), or type a code and Enter</source>
      <translation>Quét hàng (mỗi lần quét tính một), hoặc gõ mã rồi nhấn Enter</translation>
    </message>
    <message>
      <source>…or find a product by name</source>
      <translation>…hoặc tìm sản phẩm theo tên</translation>
    </message>
    <message>
      <source>Add to the count</source>
      <translation>Thêm vào kiểm kê</translation>
    </message>
    <message>
      <source>Approve and post the differences</source>
      <translation>Duyệt và ghi chênh lệch</translation>
    </message>
    <message>
      <source>Open counts</source>
      <translation>Đợt kiểm kê đang mở</translation>
    </message>
    <message>
      <source>{started} by {name}: {note} ({lines} lines)</source>
      <translation>{started}, {name}: {note} ({lines} dòng)</translation>
    </message>
    <message>
      <source>No count is open: start one.</source>
      <translation>Chưa có đợt kiểm kê nào đang mở: hãy bắt đầu một đợt.</translation>
    </message>
    <message>
      <source>{lines} products counted, {differing} not matching the ledger; variance {value} at cost.</source>
      <translation>Đã đếm {lines} sản phẩm, {differing} sản phẩm lệch so với sổ; chênh lệch {value} theo giá vốn.</translation>
    </message>
    <message>
      <source>Post this count? Products counted: {lines}; not matching the ledger: {differing} ({value} at cost). Stock becomes what was counted; this cannot be undone.</source>
      <translation>Ghi kết quả kiểm kê này? {differing} trong {lines} sản phẩm đã đếm lệch so với sổ: {value} theo giá vốn. Tồn kho sẽ thành số đã đếm; không hoàn tác được.</translation>
    </message>
    <message>
      <source>Count started: scan or type what is on the shelves. It is saved as you go.</source>
      <translation>Đã bắt đầu kiểm kê: quét hoặc gõ số hàng trên kệ. Dữ liệu được lưu ngay khi nhập.</translation>
    </message>
    <message>
      <source>{name}: {qty} counted</source>
      <translation>{name}: đã đếm {qty}</translation>
    </message>
    <message>
      <source>Not approved.</source>
      <translation>Chưa được duyệt.</translation>
    </message>
    <message>
      <source>Count approved: {adjusted} products adjusted, variance {value}.</source>
      <translation>Đã duyệt kiểm kê: điều chỉnh {adjusted} sản phẩm, chênh lệch {value}.</translation>
    </message>
    <message>
      <source>Cancel this count? What was counted is discarded; stock stays as it is.</source>
      <translation>Hủy đợt kiểm kê này? Số đã đếm sẽ bị bỏ, tồn kho giữ nguyên.</translation>
    </message>
    <message>
      <source>Count cancelled: what was counted is discarded; stock is unchanged.</source>
      <translation>Đã hủy đợt kiểm kê: số đã đếm bị bỏ, tồn kho giữ nguyên.</translation>
    </message>
  </context>
  <context>
    <name>StockLedgerScreen</name>
    <message>
      <source>Search products by name, SKU or barcode</source>
      <translation>Tìm sản phẩm theo tên, mã hàng hoặc mã vạch</translation>
    </message>
    <message>
      <source>{movements} movements; on hand {qty}</source>
      <translation>{movements} nghiệp vụ; tồn {qty}</translation>
    </message>
  </context>
  <context>
    <name>StockPanel</name>
    <message>
      <source>Stock value</source>
      <translation>Giá trị tồn kho</translation>
    </message>
    <message>
      <source>Stock cover</source>
      <translation>Số ngày đủ hàng bán</translation>
    </message>
    <message>
      <source>Slow movers</source>
      <translation>Hàng chậm luân chuyển</translation>
    </message>
    <message>
      <source> days of sales</source>
      <translation> ngày bán hàng</translation>
    </message>
    <message>
      <source>cover over </source>
      <translation>đủ bán trên </translation>
    </message>
    <message>
      <source> days</source>
      <translation> ngày</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>Báo cáo</translation>
    </message>
    <message>
      <source>On hand at cost {cost} ₫, at price {price} ₫</source>
      <translation>Tồn kho theo giá vốn {cost} ₫, theo giá bán {price} ₫</translation>
    </message>
  </context>
  <context>
    <name>SyncStatusWidget</name>
    <message>
      <source>Sync now</source>
      <translation>Đồng bộ ngay</translation>
    </message>
    <message>
      <source>Send the daily summaries to the province now</source>
      <translation>Gửi ngay số liệu tổng hợp trong ngày lên tỉnh</translation>
    </message>
    <message>
      <source>Sending to the province…</source>
      <translation>Đang gửi lên tỉnh…</translation>
    </message>
    <message>
      <source>The province refused {count} days:</source>
      <translation>Tỉnh từ chối {count} ngày:</translation>
    </message>
    <message>
      <source>Once the province has put it right, "Sync now" sends them again.</source>
      <translation>Khi tỉnh đã sửa xong, bấm "Đồng bộ ngay" để gửi lại.</translation>
    </message>
    <message>
      <source>Province sync is not set up: Settings → Province sync.</source>
      <translation>Chưa cài đặt đồng bộ tỉnh: Cài đặt → Đồng bộ tỉnh.</translation>
    </message>
    <message>
      <source>Could not send to the province: {error}</source>
      <translation>Không gửi được về tỉnh: {error}</translation>
    </message>
    <message>
      <source>The province refused {count} days: {reason}</source>
      <translation>Tỉnh từ chối {count} ngày: {reason}</translation>
    </message>
    <message>
      <source>Sent to the province; {days} days still pending.</source>
      <translation>Đã gửi về tỉnh; còn {days} ngày chờ gửi.</translation>
    </message>
    <message>
      <source>Sent to the province: nothing left to send.</source>
      <translation>Đã gửi về tỉnh: không còn gì chờ gửi.</translation>
    </message>
    <message>
      <source>last sync {time}</source>
      <translation>đồng bộ lần cuối {time}</translation>
    </message>
    <message>
      <source>never synced</source>
      <translation>chưa đồng bộ lần nào</translation>
    </message>
    <message>
      <source>province sync not configured</source>
      <translation>chưa cài đặt đồng bộ với tỉnh</translation>
    </message>
    <message>
      <source>Province: {last}</source>
      <translation>Tỉnh: {last}</translation>
    </message>
    <message>
      <source>{days} days pending</source>
      <translation>{days} ngày chờ gửi</translation>
    </message>
    <message>
      <source>{count} refused by the server</source>
      <translation>{count} bị máy chủ từ chối</translation>
    </message>
    <message>
      <source>Last error: {error}</source>
      <translation>Lỗi gần nhất: {error}</translation>
    </message>
  </context>
  <context>
    <name>UserError</name>
    <message>
      <source>A manager's approval is needed: {action}.</source>
      <translation>Cần quản lý phê duyệt: {action}.</translation>
    </message>
    <message>
      <source>A newer e-invoice rules file (empty: the shipped one)</source>
      <translation>Tệp quy định hóa đơn điện tử mới hơn (để trống: tệp đi kèm)</translation>
    </message>
    <message>
      <source>A payment must be more than 0 ₫.</source>
      <translation>Khoản thanh toán phải lớn hơn 0 ₫.</translation>
    </message>
    <message>
      <source>A payment request needs an amount and a till.</source>
      <translation>Phiếu chuyển khoản cần có số tiền và quầy.</translation>
    </message>
    <message>
      <source>A price cannot be negative.</source>
      <translation>Giá không được âm.</translation>
    </message>
    <message>
      <source>A product of this cart is no longer in the catalogue.</source>
      <translation>Một sản phẩm trong giỏ hàng này không còn trong danh mục.</translation>
    </message>
    <message>
      <source>A shift is already open on this till.</source>
      <translation>Máy bán hàng này đang có ca mở.</translation>
    </message>
    <message>
      <source>A summary needs a period written START/END.</source>
      <translation>Bản tổng hợp cần kỳ dạng BẮT ĐẦU/KẾT THÚC.</translation>
    </message>
    <message>
      <source>A total row (“{label}”) was skipped: it is not a product.</source>
      <translation>Đã bỏ qua một dòng tổng (“{label}”): đó không phải là sản phẩm.</translation>
    </message>
    <message>
      <source>A user named {name} already exists.</source>
      <translation>Đã có người dùng tên {name}.</translation>
    </message>
    <message>
      <source>A user needs a name.</source>
      <translation>Người dùng phải có tên.</translation>
    </message>
    <message>
      <source>A4 label sheet margins, top and left (mm)</source>
      <translation>Lề tờ tem A4, trên và trái (mm)</translation>
    </message>
    <message>
      <source>Account holder name</source>
      <translation>Tên chủ tài khoản</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <source>Allow stock below zero (then flagged)</source>
      <translation>Cho phép tồn kho âm (khi đó được đánh dấu)</translation>
    </message>
    <message>
      <source>Approved at the counter</source>
      <translation>Quản lý phê duyệt tại quầy</translation>
    </message>
    <message>
      <source>Approved by</source>
      <translation>Người duyệt</translation>
    </message>
    <message>
      <source>Audit log exported</source>
      <translation>Xuất nhật ký hoạt động</translation>
    </message>
    <message>
      <source>Average basket</source>
      <translation>Giá trị trung bình mỗi hóa đơn</translation>
    </message>
    <message>
      <source>Backup failed</source>
      <translation>Sao lưu không được</translation>
    </message>
    <message>
      <source>Backup folder (empty: the default)</source>
      <translation>Thư mục sao lưu (để trống: thư mục mặc định)</translation>
    </message>
    <message>
      <source>Backup made</source>
      <translation>Đã sao lưu</translation>
    </message>
    <message>
      <source>Backup restored</source>
      <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
      <source>Backups (all)</source>
      <translation>Sao lưu (tất cả)</translation>
    </message>
    <message>
      <source>Backups kept</source>
      <translation>Số bản sao lưu giữ lại</translation>
    </message>
    <message>
      <source>Bank</source>
      <translation>Ngân hàng</translation>
    </message>
    <message>
      <source>Bank BIN for VietQR</source>
      <translation>Mã BIN ngân hàng cho VietQR</translation>
    </message>
    <message>
      <source>Bank account</source>
      <translation>Số tài khoản</translation>
    </message>
    <message>
      <source>Bank account for VietQR</source>
      <translation>Số tài khoản ngân hàng cho VietQR</translation>
    </message>
    <message>
      <source>Bank transfer</source>
      <translation>Chuyển khoản</translation>
    </message>
    <message>
      <source>Barcode</source>
      <translation>Mã vạch</translation>
    </message>
    <message>
      <source>Barcode {code} already belongs to {sku}.</source>
      <translation>Mã vạch {code} đã thuộc về sản phẩm {sku}.</translation>
    </message>
    <message>
      <source>Barcode {code} belongs to {other_sku} ({other_name}), but this row is for SKU {sku} ({name}), which is not in the catalogue. Correct the SKU or the barcode: an import never moves a barcode to another product.</source>
      <translation>Mã vạch {code} thuộc về {other_sku} ({other_name}), nhưng dòng này là của mã hàng {sku} ({name}), chưa có trong danh mục. Hãy sửa mã hàng hoặc mã vạch: nhập tệp không bao giờ chuyển mã vạch sang sản phẩm khác.</translation>
    </message>
    <message>
      <source>Barcode {code} has a wrong check digit.</source>
      <translation>Mã vạch {code} sai số kiểm tra.</translation>
    </message>
    <message>
      <source>Barcode {code} has a wrong number of digits.</source>
      <translation>Mã vạch {code} sai số chữ số.</translation>
    </message>
    <message>
      <source>Barcode {code} is also on line {other}.</source>
      <translation>Mã vạch {code} cũng có ở dòng {other}.</translation>
    </message>
    <message>
      <source>Barcode {code} is given twice.</source>
      <translation>Mã vạch {code} bị nhập hai lần.</translation>
    </message>
    <message>
      <source>Barcode {value}: Excel shortened it to scientific notation; format the column as text.</source>
      <translation>Mã vạch {value}: Excel đã rút gọn thành dạng số mũ; hãy định dạng cột là văn bản (Text).</translation>
    </message>
    <message>
      <source>Barcode {value}: Excel stored it as a number and lost digits; format the column as text.</source>
      <translation>Mã vạch {value}: Excel đã lưu thành số và mất chữ số; hãy định dạng cột là văn bản (Text).</translation>
    </message>
    <message>
      <source>Barcodes {codes} belong to different products ({skus}).</source>
      <translation>Các mã vạch {codes} thuộc về các sản phẩm khác nhau ({skus}).</translation>
    </message>
    <message>
      <source>Below reorder level</source>
      <translation>Dưới mức đặt hàng lại</translation>
    </message>
    <message>
      <source>Best sellers</source>
      <translation>Sản phẩm bán chạy</translation>
    </message>
    <message>
      <source>Beverages</source>
      <translation>Đồ uống</translation>
    </message>
    <message>
      <source>Business day</source>
      <translation>Ngày kinh doanh</translation>
    </message>
    <message>
      <source>Cannot read {path}: {reason}</source>
      <translation>Không đọc được {path}: {reason}</translation>
    </message>
    <message>
      <source>Cannot use {path}: {reason}</source>
      <translation>Không dùng được {path}: {reason}</translation>
    </message>
    <message>
      <source>Cannot write {path}: {reason}</source>
      <translation>Không ghi được {path}: {reason}</translation>
    </message>
    <message>
      <source>Card</source>
      <translation>Thẻ</translation>
    </message>
    <message>
      <source>Card, transfer and e-wallet payments cannot exceed the total; change is given only in cash.</source>
      <translation>Thanh toán thẻ, chuyển khoản và ví điện tử không được vượt quá tổng tiền; chỉ trả tiền thừa bằng tiền mặt.</translation>
    </message>
    <message>
      <source>Cart discount</source>
      <translation>Chiết khấu hóa đơn</translation>
    </message>
    <message>
      <source>Cart discounts</source>
      <translation>Chiết khấu hóa đơn</translation>
    </message>
    <message>
      <source>Cart handed over</source>
      <translation>Giao giỏ hàng cho người khác</translation>
    </message>
    <message>
      <source>Cart parked</source>
      <translation>Tạm gác giỏ hàng</translation>
    </message>
    <message>
      <source>Cart recalled</source>
      <translation>Gọi lại giỏ hàng</translation>
    </message>
    <message>
      <source>Carts (all)</source>
      <translation>Giỏ hàng (tất cả)</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>Tiền mặt</translation>
    </message>
    <message>
      <source>Cash drawer kick pin</source>
      <translation>Chân mở ngăn kéo tiền</translation>
    </message>
    <message>
      <source>Cash drawer opened without a sale</source>
      <translation>Mở két không bán hàng</translation>
    </message>
    <message>
      <source>Cash drawer pulse length (ms)</source>
      <translation>Độ dài xung mở ngăn kéo tiền (ms)</translation>
    </message>
    <message>
      <source>Cash in</source>
      <translation>Nộp thêm tiền</translation>
    </message>
    <message>
      <source>Cash in and out (all)</source>
      <translation>Nộp, rút tiền (tất cả)</translation>
    </message>
    <message>
      <source>Cash is counted as it went through the drawer: net − cash rounding = net sales.</source>
      <translation>Tiền mặt được tính đúng như đã qua két: thực thu − làm tròn tiền mặt = doanh thu thuần.</translation>
    </message>
    <message>
      <source>Cash out</source>
      <translation>Rút tiền</translation>
    </message>
    <message>
      <source>Cash put in</source>
      <translation>Nộp tiền vào két</translation>
    </message>
    <message>
      <source>Cash refunds</source>
      <translation>Tiền mặt hoàn lại</translation>
    </message>
    <message>
      <source>Cash rounding</source>
      <translation>Làm tròn tiền mặt</translation>
    </message>
    <message>
      <source>Cash rounding (net)</source>
      <translation>Làm tròn tiền mặt (ròng)</translation>
    </message>
    <message>
      <source>Cash rounding on refunds</source>
      <translation>Làm tròn tiền mặt hoàn lại</translation>
    </message>
    <message>
      <source>Cash sales</source>
      <translation>Doanh thu tiền mặt</translation>
    </message>
    <message>
      <source>Cash taken out</source>
      <translation>Rút tiền khỏi két</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Thu ngân</translation>
    </message>
    <message>
      <source>Cells {cells} are merged: {value} was taken for each of their rows.</source>
      <translation>Các ô {cells} được gộp: giá trị {value} đã được dùng cho từng dòng trong đó.</translation>
    </message>
    <message>
      <source>Certificate date</source>
      <translation>Ngày ký quyết định</translation>
    </message>
    <message>
      <source>Certificate date: {day} is in the future.</source>
      <translation>Ngày ký quyết định: {day} là ngày trong tương lai.</translation>
    </message>
    <message>
      <source>Certificate expiry</source>
      <translation>Ngày hết hạn chứng nhận</translation>
    </message>
    <message>
      <source>Certificate expiry: must be after the signing date.</source>
      <translation>Ngày hết hạn chứng nhận: phải sau ngày ký quyết định.</translation>
    </message>
    <message>
      <source>Certificate number</source>
      <translation>Số quyết định công nhận</translation>
    </message>
    <message>
      <source>Choose what comes back.</source>
      <translation>Hãy chọn hàng khách trả lại.</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>Đã đóng</translation>
    </message>
    <message>
      <source>Closed at</source>
      <translation>Đóng ca lúc</translation>
    </message>
    <message>
      <source>Closed shifts</source>
      <translation>Số ca đã đóng</translation>
    </message>
    <message>
      <source>Commission: from 0 to 100 %.</source>
      <translation>Hoa hồng: từ 0 đến 100 %.</translation>
    </message>
    <message>
      <source>Commission: the period up to {day} is settled; a new rate can start on {next} at the earliest.</source>
      <translation>Hoa hồng: các kỳ đến ngày {day} đã chốt sổ; mức mới sớm nhất chỉ áp dụng từ {next}.</translation>
    </message>
    <message>
      <source>Commune</source>
      <translation>Xã, phường</translation>
    </message>
    <message>
      <source>Commune or ward</source>
      <translation>Xã/phường</translation>
    </message>
    <message>
      <source>Consigned</source>
      <translation>Hàng ký gửi</translation>
    </message>
    <message>
      <source>Consignment settled</source>
      <translation>Thanh toán hàng ký gửi</translation>
    </message>
    <message>
      <source>Cooperative</source>
      <translation>Hợp tác xã</translation>
    </message>
    <message>
      <source>Cooperative group</source>
      <translation>Tổ hợp tác</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Giá vốn</translation>
    </message>
    <message>
      <source>Cost: cannot be negative.</source>
      <translation>Giá vốn: không được âm.</translation>
    </message>
    <message>
      <source>Count Vietnamese banknotes from 1.000 ₫ to 500.000 ₫.</source>
      <translation>Hãy đếm theo mệnh giá tiền Việt Nam từ 1.000 ₫ đến 500.000 ₫.</translation>
    </message>
    <message>
      <source>Counted cash</source>
      <translation>Tiền mặt kiểm đếm</translation>
    </message>
    <message>
      <source>Counted: cannot be negative.</source>
      <translation>Số đếm: không được âm.</translation>
    </message>
    <message>
      <source>Cover (days)</source>
      <translation>Đủ bán (ngày)</translation>
    </message>
    <message>
      <source>Customer display language (vi, or vi+en for English beneath)</source>
      <translation>Ngôn ngữ màn hình khách (vi, hoặc vi+en có tiếng Anh bên dưới)</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>Ngày</translation>
    </message>
    <message>
      <source>Days since last sale</source>
      <translation>Số ngày chưa bán</translation>
    </message>
    <message>
      <source>Delivery note number</source>
      <translation>Số phiếu giao hàng</translation>
    </message>
    <message>
      <source>Delivery note {number} of this producer was already received.</source>
      <translation>Phiếu giao hàng {number} của chủ thể này đã được nhập kho rồi.</translation>
    </message>
    <message>
      <source>Discount %</source>
      <translation>Tỷ lệ chiết khấu</translation>
    </message>
    <message>
      <source>Discounts</source>
      <translation>Chiết khấu</translation>
    </message>
    <message>
      <source>E-invoice problem resolved</source>
      <translation>Xử lý xong lỗi hóa đơn điện tử</translation>
    </message>
    <message>
      <source>E-invoice rule set (empty: the newest in force)</source>
      <translation>Bộ quy định hóa đơn điện tử (để trống: bộ mới nhất đang hiệu lực)</translation>
    </message>
    <message>
      <source>E-invoice sent again</source>
      <translation>Gửi lại hóa đơn điện tử</translation>
    </message>
    <message>
      <source>E-invoices (all)</source>
      <translation>Hóa đơn điện tử (tất cả)</translation>
    </message>
    <message>
      <source>E-invoices issued</source>
      <translation>Số hóa đơn điện tử đã lập</translation>
    </message>
    <message>
      <source>E-invoicing is on but {what} is not set: set it in Settings → E-invoices (or turn e-invoicing off).</source>
      <translation>Hóa đơn điện tử đang bật nhưng chưa đặt {what}: hãy đặt trong Cài đặt → Hóa đơn điện tử (hoặc tắt hóa đơn điện tử).</translation>
    </message>
    <message>
      <source>E-wallet</source>
      <translation>Ví điện tử</translation>
    </message>
    <message>
      <source>Enterprise</source>
      <translation>Doanh nghiệp</translation>
    </message>
    <message>
      <source>Expected cash</source>
      <translation>Tiền mặt theo sổ</translation>
    </message>
    <message>
      <source>Export to a .xlsx or .csv file ({name} is neither).</source>
      <translation>Chỉ xuất ra tệp .xlsx hoặc .csv ({name} không phải hai loại này).</translation>
    </message>
    <message>
      <source>First e-invoice</source>
      <translation>Hóa đơn điện tử đầu tiên</translation>
    </message>
    <message>
      <source>Folder for the provider's import tool (empty: the data folder)</source>
      <translation>Thư mục cho công cụ nhập của nhà cung cấp (để trống: thư mục dữ liệu)</translation>
    </message>
    <message>
      <source>Food</source>
      <translation>Thực phẩm</translation>
    </message>
    <message>
      <source>From {start} to {end}</source>
      <translation>Từ {start} đến {end}</translation>
    </message>
    <message>
      <source>Gaps between labels, across and down (mm)</source>
      <translation>Khoảng cách giữa các tem, ngang và dọc (mm)</translation>
    </message>
    <message>
      <source>Give a reason for cash in or out.</source>
      <translation>Hãy ghi lý do nộp hoặc rút tiền.</translation>
    </message>
    <message>
      <source>Give a reason for writing off {name}.</source>
      <translation>Hãy nêu lý do xuất hủy {name}.</translation>
    </message>
    <message>
      <source>Give the shift with --shift (see `showroom-pos report cash`).</source>
      <translation>Hãy chỉ rõ ca bằng --shift (xem `showroom-pos report cash`).</translation>
    </message>
    <message>
      <source>Goods received</source>
      <translation>Nhập hàng</translation>
    </message>
    <message>
      <source>Goods returned</source>
      <translation>Trả hàng</translation>
    </message>
    <message>
      <source>Gross margin</source>
      <translation>Lãi gộp</translation>
    </message>
    <message>
      <source>Gross sales</source>
      <translation>Doanh số gộp</translation>
    </message>
    <message>
      <source>Handicrafts</source>
      <translation>Thủ công mỹ nghệ</translation>
    </message>
    <message>
      <source>Herbal products</source>
      <translation>Dược liệu</translation>
    </message>
    <message>
      <source>Hour of day</source>
      <translation>Giờ trong ngày</translation>
    </message>
    <message>
      <source>Household business</source>
      <translation>Hộ kinh doanh</translation>
    </message>
    <message>
      <source>How Vietnamese is printed</source>
      <translation>Cách in tiếng Việt</translation>
    </message>
    <message>
      <source>How invoices reach the provider</source>
      <translation>Cách gửi hóa đơn cho nhà cung cấp</translation>
    </message>
    <message>
      <source>In-store barcode assigned</source>
      <translation>Cấp mã vạch nội bộ</translation>
    </message>
    <message>
      <source>In-store codes start with 2.</source>
      <translation>Mã nội bộ bắt đầu bằng số 2.</translation>
    </message>
    <message>
      <source>Invalid code {code} ({reason}): nothing added.</source>
      <translation>Mã {code} không hợp lệ ({reason}): chưa thêm gì.</translation>
    </message>
    <message>
      <source>Invalid value.</source>
      <translation>Giá trị không hợp lệ.</translation>
    </message>
    <message>
      <source>Invoice form (1 = VAT invoice, 2 = sales invoice)</source>
      <translation>Mẫu hóa đơn (1 = hóa đơn GTGT, 2 = hóa đơn bán hàng)</translation>
    </message>
    <message>
      <source>Invoice form {form} is not one of {forms}.</source>
      <translation>Mẫu số hóa đơn {form} không thuộc {forms}.</translation>
    </message>
    <message>
      <source>Invoice lookup address printed as a QR code (empty: the rules' own)</source>
      <translation>Địa chỉ tra cứu hóa đơn in thành mã QR (để trống: theo quy định)</translation>
    </message>
    <message>
      <source>Invoice numbers of {symbol} are used up ({max}): register a new symbol.</source>
      <translation>Đã dùng hết số hóa đơn của ký hiệu {symbol} ({max}): hãy đăng ký ký hiệu mới.</translation>
    </message>
    <message>
      <source>Invoice symbol as registered, e.g. C26MAA (the year follows the calendar)</source>
      <translation>Ký hiệu hóa đơn đã đăng ký, ví dụ C26MAA (năm theo lịch)</translation>
    </message>
    <message>
      <source>Issue an e-invoice from the cash register for every sale</source>
      <translation>Xuất hóa đơn điện tử từ máy tính tiền cho mỗi lần bán</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>Khoản mục</translation>
    </message>
    <message>
      <source>Labels not written: {reason}.</source>
      <translation>Chưa tạo được tem: {reason}.</translation>
    </message>
    <message>
      <source>Labels on an A4 sheet (columns x rows)</source>
      <translation>Số tem trên tờ A4 (cột x hàng)</translation>
    </message>
    <message>
      <source>Labels stopped: no file was written.</source>
      <translation>Đã dừng tạo tem: không có tệp nào được ghi.</translation>
    </message>
    <message>
      <source>Largest discount without approval</source>
      <translation>Mức giảm giá lớn nhất không cần phê duyệt</translation>
    </message>
    <message>
      <source>Largest over</source>
      <translation>Thừa nhiều nhất</translation>
    </message>
    <message>
      <source>Largest short</source>
      <translation>Thiếu nhiều nhất</translation>
    </message>
    <message>
      <source>Last e-invoice</source>
      <translation>Hóa đơn điện tử cuối cùng</translation>
    </message>
    <message>
      <source>Last sold</source>
      <translation>Lần bán gần nhất</translation>
    </message>
    <message>
      <source>Line discounts</source>
      <translation>Chiết khấu dòng hàng</translation>
    </message>
    <message>
      <source>Line {line}: no such product.</source>
      <translation>Dòng {line}: không có sản phẩm này.</translation>
    </message>
    <message>
      <source>Line {line}: the CSV cannot be read (a quotation mark is not closed?).</source>
      <translation>Dòng {line}: không đọc được tệp CSV (có dấu ngoặc kép chưa đóng?).</translation>
    </message>
    <message>
      <source>Line {line}: the batch number is longer than 40 characters.</source>
      <translation>Dòng {line}: số lô dài quá 40 ký tự.</translation>
    </message>
    <message>
      <source>Line {line}: the best-before date {date} has already passed.</source>
      <translation>Dòng {line}: hạn sử dụng {date} đã qua.</translation>
    </message>
    <message>
      <source>Line {line}: the file is not UTF-8 text. In Excel, save it as “CSV UTF-8” or as an .xlsx workbook.</source>
      <translation>Dòng {line}: tệp không phải văn bản UTF-8. Trong Excel, hãy lưu dưới dạng “CSV UTF-8” hoặc tệp .xlsx.</translation>
    </message>
    <message>
      <source>Line {line}: the quantity must be more than 0.</source>
      <translation>Dòng {line}: số lượng phải lớn hơn 0.</translation>
    </message>
    <message>
      <source>Line {line}: the unit cost cannot be negative.</source>
      <translation>Dòng {line}: đơn giá không được âm.</translation>
    </message>
    <message>
      <source>Line {line}: {name} comes from another producer.</source>
      <translation>Dòng {line}: {name} thuộc chủ thể khác.</translation>
    </message>
    <message>
      <source>Line {line}: {name} is deactivated.</source>
      <translation>Dòng {line}: {name} đã ngừng kinh doanh.</translation>
    </message>
    <message>
      <source>Lines: a receipt needs at least one item.</source>
      <translation>Danh sách hàng: phiếu nhập phải có ít nhất một mặt hàng.</translation>
    </message>
    <message>
      <source>Lock the till after inactivity (0 = never)</source>
      <translation>Khóa máy bán hàng khi không dùng (0 = không khóa)</translation>
    </message>
    <message>
      <source>Logged in</source>
      <translation>Đăng nhập</translation>
    </message>
    <message>
      <source>Logins (all)</source>
      <translation>Đăng nhập (tất cả)</translation>
    </message>
    <message>
      <source>Longest gap between scanner keys</source>
      <translation>Khoảng cách dài nhất giữa các phím của máy quét</translation>
    </message>
    <message>
      <source>Margin %</source>
      <translation>Tỷ suất lãi gộp</translation>
    </message>
    <message>
      <source>Margin covers only the lines whose cost is known.</source>
      <translation>Lãi gộp chỉ tính trên các dòng hàng đã có giá vốn.</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>Tháng</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Name: a product needs a name.</source>
      <translation>Tên: sản phẩm phải có tên.</translation>
    </message>
    <message>
      <source>Net</source>
      <translation>Thực thu</translation>
    </message>
    <message>
      <source>Net over / short</source>
      <translation>Thừa / thiếu ròng</translation>
    </message>
    <message>
      <source>Net sales</source>
      <translation>Doanh thu thuần</translation>
    </message>
    <message>
      <source>New receipt series started</source>
      <translation>Bắt đầu dãy số hóa đơn mới</translation>
    </message>
    <message>
      <source>No</source>
      <translation>Không</translation>
    </message>
    <message>
      <source>No VAT rate {category} is in force on {day}.</source>
      <translation>Không có thuế suất GTGT {category} áp dụng vào ngày {day}.</translation>
    </message>
    <message>
      <source>No active administrator: set up the outlet first.</source>
      <translation>Chưa có quản trị viên đang hoạt động: hãy thiết lập điểm bán trước.</translation>
    </message>
    <message>
      <source>No e-invoice rule set is called {version}; known: {known}.</source>
      <translation>Không có bộ quy định hóa đơn điện tử tên {version}; hiện có: {known}.</translation>
    </message>
    <message>
      <source>No e-invoice {key}.</source>
      <translation>Không có hóa đơn điện tử {key}.</translation>
    </message>
    <message>
      <source>No goods receipt {id}.</source>
      <translation>Không có phiếu nhập {id}.</translation>
    </message>
    <message>
      <source>No header row naming the product name (Tên sản phẩm) was found in the first {rows} rows.</source>
      <translation>Không tìm thấy dòng tiêu đề có cột tên sản phẩm (Tên sản phẩm) trong {rows} dòng đầu.</translation>
    </message>
    <message>
      <source>No in-store code is left with prefix {prefix}.</source>
      <translation>Đã hết mã nội bộ với tiền tố {prefix}.</translation>
    </message>
    <message>
      <source>No producer with id {id}.</source>
      <translation>Không có chủ thể mã số {id}.</translation>
    </message>
    <message>
      <source>No product has the code {code}.</source>
      <translation>Không có sản phẩm nào mang mã {code}.</translation>
    </message>
    <message>
      <source>No product with SKU {sku}.</source>
      <translation>Không có sản phẩm có mã SKU {sku}.</translation>
    </message>
    <message>
      <source>No product with id {id}.</source>
      <translation>Không có sản phẩm mã số {id}.</translation>
    </message>
    <message>
      <source>No products to print labels for.</source>
      <translation>Không có sản phẩm nào để in tem.</translation>
    </message>
    <message>
      <source>No return {number}.</source>
      <translation>Không có phiếu trả hàng {number}.</translation>
    </message>
    <message>
      <source>No sale with receipt number {receipt}.</source>
      <translation>Không có hóa đơn số {receipt}.</translation>
    </message>
    <message>
      <source>No settlement {settlement}.</source>
      <translation>Không có bảng quyết toán {settlement}.</translation>
    </message>
    <message>
      <source>No shift is open on this till: open a shift first.</source>
      <translation>Máy bán hàng chưa mở ca: hãy mở ca trước.</translation>
    </message>
    <message>
      <source>No shift {shift_id}.</source>
      <translation>Không có ca {shift_id}.</translation>
    </message>
    <message>
      <source>No shift {shift}.</source>
      <translation>Không có ca {shift}.</translation>
    </message>
    <message>
      <source>No stock count {id}.</source>
      <translation>Không có đợt kiểm kê {id}.</translation>
    </message>
    <message>
      <source>No such sale.</source>
      <translation>Không có hóa đơn này.</translation>
    </message>
    <message>
      <source>No such user.</source>
      <translation>Không có người dùng này.</translation>
    </message>
    <message>
      <source>No user is named {name}.</source>
      <translation>Không có người dùng nào tên {name}.</translation>
    </message>
    <message>
      <source>No user named {name}.</source>
      <translation>Không có người dùng nào tên {name}.</translation>
    </message>
    <message>
      <source>Not enough cash in the drawer for this refund: refund by another method.</source>
      <translation>Ngăn kéo không đủ tiền mặt để hoàn: hãy hoàn bằng phương thức khác.</translation>
    </message>
    <message>
      <source>Not found.</source>
      <translation>Không tìm thấy.</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Ghi chú</translation>
    </message>
    <message>
      <source>Note: say why when the reason is other.</source>
      <translation>Ghi chú: hãy ghi rõ lý do khi chọn “lý do khác”.</translation>
    </message>
    <message>
      <source>Nothing called {kind} can be printed.</source>
      <translation>Không có loại phiếu nào tên {kind} để in.</translation>
    </message>
    <message>
      <source>Nothing is left to pay in cash.</source>
      <translation>Không còn khoản nào cần trả bằng tiền mặt.</translation>
    </message>
    <message>
      <source>Nothing was counted yet.</source>
      <translation>Chưa đếm sản phẩm nào.</translation>
    </message>
    <message>
      <source>Nothing was scanned.</source>
      <translation>Chưa quét mã nào.</translation>
    </message>
    <message>
      <source>OCOP code {code} already belongs to {sku}.</source>
      <translation>Mã OCOP {code} đã thuộc về sản phẩm {sku}.</translation>
    </message>
    <message>
      <source>OCOP code {code} is also on line {other}.</source>
      <translation>Mã OCOP {code} cũng có ở dòng {other}.</translation>
    </message>
    <message>
      <source>OCOP group: {group} is not one of the six groups.</source>
      <translation>Nhóm sản phẩm OCOP: {group} không thuộc sáu nhóm sản phẩm.</translation>
    </message>
    <message>
      <source>OCOP group: {value} is not one of the six groups.</source>
      <translation>Nhóm sản phẩm OCOP: {value} không thuộc sáu nhóm sản phẩm.</translation>
    </message>
    <message>
      <source>OCOP stars</source>
      <translation>Hạng sao OCOP</translation>
    </message>
    <message>
      <source>OCOP stars: only 3, 4 or 5 stars are certified ({stars} given).</source>
      <translation>Hạng sao OCOP: chỉ công nhận 3, 4 hoặc 5 sao (đã nhập {stars}).</translation>
    </message>
    <message>
      <source>OCOP stars: {value} is not 3, 4 or 5 stars.</source>
      <translation>Hạng sao OCOP: {value} không phải là 3, 4 hay 5 sao.</translation>
    </message>
    <message>
      <source>On hand</source>
      <translation>Tồn kho</translation>
    </message>
    <message>
      <source>On {day}</source>
      <translation>Ngày {day}</translation>
    </message>
    <message>
      <source>Only a period that has ended can be settled (it ends on {end}).</source>
      <translation>Chỉ chốt sổ được kỳ đã kết thúc (kỳ này kết thúc ngày {end}).</translation>
    </message>
    <message>
      <source>Only {on_hand} of {name} in stock: taking out {qty} would leave {after}.</source>
      <translation>{name} chỉ còn {on_hand}: bớt {qty} sẽ còn {after}.</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Đang mở</translation>
    </message>
    <message>
      <source>Opening float</source>
      <translation>Tiền đầu ca</translation>
    </message>
    <message>
      <source>Ornamental plants and animals</source>
      <translation>Sinh vật cảnh</translation>
    </message>
    <message>
      <source>Outlet code known to the province</source>
      <translation>Mã điểm bán do tỉnh cấp</translation>
    </message>
    <message>
      <source>Outlet name printed on receipts</source>
      <translation>Tên điểm bán in trên hóa đơn</translation>
    </message>
    <message>
      <source>Outlet token for the province server</source>
      <translation>Mã token của điểm bán cho máy chủ tỉnh</translation>
    </message>
    <message>
      <source>Over / short</source>
      <translation>Thừa / thiếu</translation>
    </message>
    <message>
      <source>Over / short by cashier</source>
      <translation>Thừa / thiếu theo thu ngân</translation>
    </message>
    <message>
      <source>Owned</source>
      <translation>Hàng mua đứt</translation>
    </message>
    <message>
      <source>Ownership</source>
      <translation>Hình thức sở hữu</translation>
    </message>
    <message>
      <source>PIN changed</source>
      <translation>Đổi mã PIN</translation>
    </message>
    <message>
      <source>Page {n} of {count}</source>
      <translation>Trang {n}/{count}</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>Khách trả</translation>
    </message>
    <message>
      <source>Paid by bank transfer</source>
      <translation>Thanh toán chuyển khoản</translation>
    </message>
    <message>
      <source>Paid by card</source>
      <translation>Thanh toán bằng thẻ</translation>
    </message>
    <message>
      <source>Paid by e-wallet</source>
      <translation>Thanh toán bằng ví điện tử</translation>
    </message>
    <message>
      <source>Paid in cash</source>
      <translation>Thanh toán tiền mặt</translation>
    </message>
    <message>
      <source>Paid {paid} of {total}: {missing} still to pay.</source>
      <translation>Đã trả {paid} trên {total}: còn thiếu {missing}.</translation>
    </message>
    <message>
      <source>Paper width in mm</source>
      <translation>Khổ giấy (mm)</translation>
    </message>
    <message>
      <source>Payment method</source>
      <translation>Hình thức thanh toán</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Điện thoại</translation>
    </message>
    <message>
      <source>Phone number</source>
      <translation>Số điện thoại</translation>
    </message>
    <message>
      <source>Photo: {path} is not an image that can be read.</source>
      <translation>Ảnh: không đọc được {path} dưới dạng hình ảnh.</translation>
    </message>
    <message>
      <source>Please correct: {details}</source>
      <translation>Vui lòng sửa: {details}</translation>
    </message>
    <message>
      <source>Pole display serial port (empty: none)</source>
      <translation>Cổng nối tiếp của màn hình cột (để trống: không có)</translation>
    </message>
    <message>
      <source>Pole display speed (baud)</source>
      <translation>Tốc độ màn hình cột (baud)</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Giá bán</translation>
    </message>
    <message>
      <source>Price/weight barcode layout</source>
      <translation>Cấu trúc mã vạch giá/cân</translation>
    </message>
    <message>
      <source>Price: a new product needs a price.</source>
      <translation>Giá bán: sản phẩm mới phải có giá bán.</translation>
    </message>
    <message>
      <source>Price: must be more than 0 ₫.</source>
      <translation>Giá bán: phải lớn hơn 0 ₫.</translation>
    </message>
    <message>
      <source>Printed {time}</source>
      <translation>In lúc {time}</translation>
    </message>
    <message>
      <source>Producer</source>
      <translation>Chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Producer added</source>
      <translation>Thêm chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Producer changed</source>
      <translation>Sửa chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Producer code</source>
      <translation>Mã chủ thể</translation>
    </message>
    <message>
      <source>Producer code: {code} already exists.</source>
      <translation>Mã chủ thể: {code} đã tồn tại.</translation>
    </message>
    <message>
      <source>Producer deactivated</source>
      <translation>Ngừng chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Producer deleted</source>
      <translation>Xóa chủ thể sản xuất</translation>
    </message>
    <message>
      <source>Producer kind</source>
      <translation>Loại hình chủ thể</translation>
    </message>
    <message>
      <source>Producer kind: say whether {name} is an enterprise, a cooperative (HTX), a cooperative group or a household business.</source>
      <translation>Loại hình chủ thể: hãy cho biết {name} là doanh nghiệp, hợp tác xã (HTX), tổ hợp tác hay hộ kinh doanh.</translation>
    </message>
    <message>
      <source>Producer kind: {kind} is not enterprise, cooperative, cooperative group or household.</source>
      <translation>Loại hình chủ thể: {kind} không phải doanh nghiệp, hợp tác xã, tổ hợp tác hay hộ kinh doanh.</translation>
    </message>
    <message>
      <source>Producer kind: {value} is not an enterprise, cooperative (HTX), cooperative group or household business.</source>
      <translation>Loại hình chủ thể: {value} không phải doanh nghiệp, hợp tác xã (HTX), tổ hợp tác hay hộ kinh doanh.</translation>
    </message>
    <message>
      <source>Producer name</source>
      <translation>Tên chủ thể</translation>
    </message>
    <message>
      <source>Producer name: a producer needs a name.</source>
      <translation>Tên chủ thể: chủ thể phải có tên.</translation>
    </message>
    <message>
      <source>Producer's commission changed</source>
      <translation>Đổi tỷ lệ hoa hồng của chủ thể</translation>
    </message>
    <message>
      <source>Producer: consigned goods need the producer who consigns them.</source>
      <translation>Chủ thể: hàng ký gửi phải ghi rõ chủ thể ký gửi.</translation>
    </message>
    <message>
      <source>Producer: no producer has the tax code {tax_code}; give its name.</source>
      <translation>Chủ thể: không có chủ thể nào mang mã số thuế {tax_code}; hãy ghi tên chủ thể.</translation>
    </message>
    <message>
      <source>Producer: no such producer.</source>
      <translation>Chủ thể: không có chủ thể này.</translation>
    </message>
    <message>
      <source>Producer: tax code {tax_code} is {name} here but {other_name} on line {other}; correct the name or the tax code.</source>
      <translation>Chủ thể: mã số thuế {tax_code} ở dòng này là {name} nhưng ở dòng {other} là {other_name}; hãy sửa tên chủ thể hoặc mã số thuế.</translation>
    </message>
    <message>
      <source>Producers (all)</source>
      <translation>Chủ thể sản xuất (tất cả)</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>Sản phẩm</translation>
    </message>
    <message>
      <source>Product added</source>
      <translation>Thêm sản phẩm</translation>
    </message>
    <message>
      <source>Product changed</source>
      <translation>Sửa sản phẩm</translation>
    </message>
    <message>
      <source>Product deactivated</source>
      <translation>Ngừng bán sản phẩm</translation>
    </message>
    <message>
      <source>Product deleted</source>
      <translation>Xóa sản phẩm</translation>
    </message>
    <message>
      <source>Product group</source>
      <translation>Nhóm sản phẩm</translation>
    </message>
    <message>
      <source>Product photo changed</source>
      <translation>Đổi ảnh sản phẩm</translation>
    </message>
    <message>
      <source>Product reactivated</source>
      <translation>Bán lại sản phẩm</translation>
    </message>
    <message>
      <source>Products (all)</source>
      <translation>Sản phẩm (tất cả)</translation>
    </message>
    <message>
      <source>Products imported</source>
      <translation>Nhập danh sách sản phẩm</translation>
    </message>
    <message>
      <source>Provider API address</source>
      <translation>Địa chỉ API của nhà cung cấp</translation>
    </message>
    <message>
      <source>Provider API client id</source>
      <translation>Mã client API của nhà cung cấp</translation>
    </message>
    <message>
      <source>Provider API client secret</source>
      <translation>Khóa bí mật API của nhà cung cấp</translation>
    </message>
    <message>
      <source>Provider account id (SePay: provider_account_id)</source>
      <translation>Mã tài khoản tại nhà cung cấp (SePay: provider_account_id)</translation>
    </message>
    <message>
      <source>Province</source>
      <translation>Tỉnh</translation>
    </message>
    <message>
      <source>Province catalogue received</source>
      <translation>Nhận danh mục của tỉnh</translation>
    </message>
    <message>
      <source>Province server address</source>
      <translation>Địa chỉ máy chủ tỉnh</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>Số lượng</translation>
    </message>
    <message>
      <source>Quantity: cannot be 0.</source>
      <translation>Số lượng: không được bằng 0.</translation>
    </message>
    <message>
      <source>Quantity: only an adjustment for another reason can add stock.</source>
      <translation>Số lượng: chỉ điều chỉnh với “lý do khác” mới được tăng tồn kho.</translation>
    </message>
    <message>
      <source>Quick key: must be a positive number.</source>
      <translation>Phím bán nhanh: phải là số dương.</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Lý do</translation>
    </message>
    <message>
      <source>Reason: choose damaged, expired, tasting sample, return to producer or other.</source>
      <translation>Lý do: chọn hư hỏng, hết hạn sử dụng, hàng dùng thử, trả lại chủ thể hoặc lý do khác.</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Hóa đơn</translation>
    </message>
    <message>
      <source>Receipt footer</source>
      <translation>Chân hóa đơn</translation>
    </message>
    <message>
      <source>Receipt printer</source>
      <translation>Máy in hóa đơn</translation>
    </message>
    <message>
      <source>Receipt reprinted</source>
      <translation>In lại hóa đơn</translation>
    </message>
    <message>
      <source>Receipt series after a loss was accepted (letters after the till's code)</source>
      <translation>Dãy số hóa đơn sau khi chấp nhận mất dữ liệu (chữ sau mã máy)</translation>
    </message>
    <message>
      <source>Receipt {receipt_no} cannot be voided: {reason}.</source>
      <translation>Không thể hủy hóa đơn {receipt_no}: {reason}.</translation>
    </message>
    <message>
      <source>Receipt {receipt_no} was voided: nothing to return.</source>
      <translation>Hóa đơn {receipt_no} đã bị hủy: không có gì để trả.</translation>
    </message>
    <message>
      <source>Receipts</source>
      <translation>Số hóa đơn</translation>
    </message>
    <message>
      <source>Receipts (all)</source>
      <translation>Hóa đơn in (tất cả)</translation>
    </message>
    <message>
      <source>Receipts with a discount</source>
      <translation>Số hóa đơn có chiết khấu</translation>
    </message>
    <message>
      <source>Refund by the sale's own payment method or in cash.</source>
      <translation>Hãy hoàn tiền bằng chính phương thức khách đã thanh toán hoặc bằng tiền mặt.</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>Đã hoàn</translation>
    </message>
    <message>
      <source>Refunded by</source>
      <translation>Hình thức hoàn tiền</translation>
    </message>
    <message>
      <source>Refunded by transfer</source>
      <translation>Hoàn bằng chuyển khoản</translation>
    </message>
    <message>
      <source>Refunded in cash</source>
      <translation>Hoàn tiền mặt</translation>
    </message>
    <message>
      <source>Refunded to card</source>
      <translation>Hoàn vào thẻ</translation>
    </message>
    <message>
      <source>Refunded to e-wallet</source>
      <translation>Hoàn vào ví điện tử</translation>
    </message>
    <message>
      <source>Refunds</source>
      <translation>Lần hoàn tiền</translation>
    </message>
    <message>
      <source>Refunds exceed sales in this period ({value}): settle it together with the next period.</source>
      <translation>Tiền hoàn trả vượt doanh số trong kỳ ({value}): hãy chốt sổ gộp với kỳ sau.</translation>
    </message>
    <message>
      <source>Reorder level</source>
      <translation>Mức đặt hàng lại</translation>
    </message>
    <message>
      <source>Reorder level: cannot be negative.</source>
      <translation>Mức đặt hàng lại: không được âm.</translation>
    </message>
    <message>
      <source>Restoring replaces the database: add --yes to confirm.</source>
      <translation>Khôi phục sẽ thay cơ sở dữ liệu: hãy thêm --yes để xác nhận.</translation>
    </message>
    <message>
      <source>Return</source>
      <translation>Phiếu trả hàng</translation>
    </message>
    <message>
      <source>Returns</source>
      <translation>Trả hàng</translation>
    </message>
    <message>
      <source>Round the amount due in cash to (đồng; 0 = exact)</source>
      <translation>Làm tròn tiền mặt phải trả đến (đồng; 0 = không làm tròn)</translation>
    </message>
    <message>
      <source>Rural tourism services</source>
      <translation>Dịch vụ du lịch cộng đồng</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>Mã hàng</translation>
    </message>
    <message>
      <source>SKU {sku} is also on line {other}.</source>
      <translation>Mã hàng {sku} cũng có ở dòng {other}.</translation>
    </message>
    <message>
      <source>SKU: a product needs a SKU.</source>
      <translation>Mã hàng: sản phẩm phải có mã hàng.</translation>
    </message>
    <message>
      <source>SKU: the row needs a SKU or a barcode.</source>
      <translation>Mã hàng: dòng này phải có mã hàng hoặc mã vạch.</translation>
    </message>
    <message>
      <source>SKU: {sku} already belongs to another product.</source>
      <translation>Mã hàng: {sku} đã thuộc về một sản phẩm khác.</translation>
    </message>
    <message>
      <source>SQLite integrity check</source>
      <translation>kiểm tra toàn vẹn SQLite</translation>
    </message>
    <message>
      <source>Sale completed</source>
      <translation>Bán xong hóa đơn</translation>
    </message>
    <message>
      <source>Sale voided</source>
      <translation>Hủy hóa đơn</translation>
    </message>
    <message>
      <source>Sales</source>
      <translation>Doanh số</translation>
    </message>
    <message>
      <source>Sales (all)</source>
      <translation>Bán hàng (tất cả)</translation>
    </message>
    <message>
      <source>Sales by {by}</source>
      <translation>Doanh thu theo {by}</translation>
    </message>
    <message>
      <source>Sales summary</source>
      <translation>Tổng hợp bán hàng</translation>
    </message>
    <message>
      <source>Sales window: 1 day.</source>
      <translation>Tính theo bán hàng 1 ngày gần nhất.</translation>
    </message>
    <message>
      <source>Sales window: {days} days.</source>
      <translation>Tính theo bán hàng {days} ngày gần nhất.</translation>
    </message>
    <message>
      <source>Say how it was dealt with (a note).</source>
      <translation>Hãy ghi rõ đã xử lý thế nào.</translation>
    </message>
    <message>
      <source>Scale item code {code}: 3–11 digits starting with 2.</source>
      <translation>Mã hàng cân {code}: 3–11 chữ số, bắt đầu bằng 2.</translation>
    </message>
    <message>
      <source>Screen of the customer display (auto, a number or a name)</source>
      <translation>Màn hình cho khách (auto, số thứ tự hoặc tên)</translation>
    </message>
    <message>
      <source>Seconds each product shows on the idle slideshow</source>
      <translation>Số giây mỗi sản phẩm hiện khi trình chiếu lúc rảnh</translation>
    </message>
    <message>
      <source>Seller's legal name on invoices (empty: the showroom name)</source>
      <translation>Tên pháp lý của người bán trên hóa đơn (để trống: tên điểm bán)</translation>
    </message>
    <message>
      <source>Set province.url and province.token first (showroom-pos config set …).</source>
      <translation>Hãy cài đặt province.url và province.token trước (showroom-pos config set …).</translation>
    </message>
    <message>
      <source>Set the bank BIN and account for VietQR in Settings first.</source>
      <translation>Hãy nhập mã BIN ngân hàng và số tài khoản cho VietQR trong phần Cài đặt trước.</translation>
    </message>
    <message>
      <source>Set the outlet's province token (province.token) first.</source>
      <translation>Hãy cài đặt mã truy cập của điểm bán với tỉnh (province.token) trước.</translation>
    </message>
    <message>
      <source>Set the price of {sku} before putting it on sale.</source>
      <translation>Hãy đặt giá bán cho {sku} trước khi đưa ra bán.</translation>
    </message>
    <message>
      <source>Set the province server address (province.url) to an https:// address.</source>
      <translation>Hãy đặt địa chỉ máy chủ của tỉnh (province.url) là một địa chỉ https://.</translation>
    </message>
    <message>
      <source>Set up the outlet first (run `showroom-pos demo`).</source>
      <translation>Hãy thiết lập điểm bán trước (chạy `showroom-pos demo`).</translation>
    </message>
    <message>
      <source>Setting changed</source>
      <translation>Đổi cài đặt</translation>
    </message>
    <message>
      <source>Share of net</source>
      <translation>Tỷ trọng thực thu</translation>
    </message>
    <message>
      <source>Share of net sales</source>
      <translation>Tỷ trọng doanh thu thuần</translation>
    </message>
    <message>
      <source>Shift</source>
      <translation>Ca làm việc</translation>
    </message>
    <message>
      <source>Shift closed</source>
      <translation>Đóng ca</translation>
    </message>
    <message>
      <source>Shift opened</source>
      <translation>Mở ca</translation>
    </message>
    <message>
      <source>Shifts (all)</source>
      <translation>Ca làm việc (tất cả)</translation>
    </message>
    <message>
      <source>Shifts and Z reports</source>
      <translation>Các ca và báo cáo Z</translation>
    </message>
    <message>
      <source>Shifts with a difference</source>
      <translation>Số ca bị lệch</translation>
    </message>
    <message>
      <source>Shortest code a scanner sends</source>
      <translation>Mã ngắn nhất máy quét gửi</translation>
    </message>
    <message>
      <source>Show the customer display on a second screen</source>
      <translation>Hiện màn hình cho khách trên màn hình thứ hai</translation>
    </message>
    <message>
      <source>Showroom set up</source>
      <translation>Thiết lập điểm bán</translation>
    </message>
    <message>
      <source>Single label size (mm)</source>
      <translation>Cỡ tem đơn (mm)</translation>
    </message>
    <message>
      <source>Slow movers</source>
      <translation>Hàng chậm luân chuyển</translation>
    </message>
    <message>
      <source>Sold below zero stock</source>
      <translation>Bán khi tồn kho dưới 0</translation>
    </message>
    <message>
      <source>Sold by weight</source>
      <translation>Bán theo cân</translation>
    </message>
    <message>
      <source>Sold by weight: cannot change once the product has stock movements (quantities would change meaning).</source>
      <translation>Bán theo cân: không thể thay đổi khi sản phẩm đã có nghiệp vụ kho (số lượng sẽ bị hiểu sai).</translation>
    </message>
    <message>
      <source>Sold in window</source>
      <translation>Đã bán trong kỳ</translation>
    </message>
    <message>
      <source>Sold per day</source>
      <translation>Bán bình quân mỗi ngày</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Trạng thái</translation>
    </message>
    <message>
      <source>Stock (all)</source>
      <translation>Kho (tất cả)</translation>
    </message>
    <message>
      <source>Stock adjusted</source>
      <translation>Điều chỉnh tồn kho</translation>
    </message>
    <message>
      <source>Stock count approved</source>
      <translation>Duyệt kiểm kê</translation>
    </message>
    <message>
      <source>Stock count cancelled</source>
      <translation>Hủy kiểm kê</translation>
    </message>
    <message>
      <source>Stock count started</source>
      <translation>Bắt đầu kiểm kê</translation>
    </message>
    <message>
      <source>Stock cover</source>
      <translation>Số ngày đủ hàng bán</translation>
    </message>
    <message>
      <source>Stock value</source>
      <translation>Giá trị tồn kho</translation>
    </message>
    <message>
      <source>Street address</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <source>Taken</source>
      <translation>Đã thu</translation>
    </message>
    <message>
      <source>Tax code (mã số thuế)</source>
      <translation>Mã số thuế</translation>
    </message>
    <message>
      <source>Tax code: {tax_code} already belongs to another producer.</source>
      <translation>Mã số thuế: {tax_code} đã thuộc về một chủ thể khác.</translation>
    </message>
    <message>
      <source>Tax code: {tax_code} is not a valid Vietnamese tax code.</source>
      <translation>Mã số thuế: {tax_code} không phải là mã số thuế hợp lệ.</translation>
    </message>
    <message>
      <source>That line is not on receipt {receipt_no}.</source>
      <translation>Dòng đó không có trong hóa đơn {receipt_no}.</translation>
    </message>
    <message>
      <source>That parked cart is no longer there.</source>
      <translation>Giỏ hàng đang giữ đó không còn nữa.</translation>
    </message>
    <message>
      <source>The 5 characters of the tax authority's code assigned to the showroom</source>
      <translation>5 ký tự mã cơ quan thuế cấp cho điểm bán</translation>
    </message>
    <message>
      <source>The action was refused.</source>
      <translation>Thao tác bị từ chối.</translation>
    </message>
    <message>
      <source>The amount cannot be 0 ₫.</source>
      <translation>Số tiền không được bằng 0 ₫.</translation>
    </message>
    <message>
      <source>The backup folder {folder} is not available: plug in the USB stick or change backup.folder.</source>
      <translation>Thư mục sao lưu {folder} hiện không dùng được: hãy cắm USB vào hoặc đổi thiết lập backup.folder.</translation>
    </message>
    <message>
      <source>The backup just written to {path} failed its integrity check ({detail}) and was deleted.</source>
      <translation>Bản sao lưu vừa ghi vào {path} không qua được bước kiểm tra toàn vẹn ({detail}) nên đã bị xóa.</translation>
    </message>
    <message>
      <source>The backup to {folder} failed: {detail}</source>
      <translation>Sao lưu vào {folder} không thành công: {detail}</translation>
    </message>
    <message>
      <source>The cart is empty.</source>
      <translation>Giỏ hàng đang trống.</translation>
    </message>
    <message>
      <source>The cash float cannot be negative.</source>
      <translation>Tiền đầu ca không được âm.</translation>
    </message>
    <message>
      <source>The copy made before upgrading the database failed its check ({detail}); the database was not upgraded.</source>
      <translation>Bản sao tạo trước khi nâng cấp cơ sở dữ liệu không qua được bước kiểm tra ({detail}); cơ sở dữ liệu chưa được nâng cấp.</translation>
    </message>
    <message>
      <source>The database cannot be opened.</source>
      <translation>Không mở được cơ sở dữ liệu.</translation>
    </message>
    <message>
      <source>The database cannot be opened: the folder {folder} cannot be written.</source>
      <translation>Không mở được cơ sở dữ liệu: không ghi được vào thư mục {folder}.</translation>
    </message>
    <message>
      <source>The database cannot be opened: the folder {folder} does not exist.</source>
      <translation>Không mở được cơ sở dữ liệu: thư mục {folder} không tồn tại.</translation>
    </message>
    <message>
      <source>The database could not be written, so nothing was saved ({detail}).</source>
      <translation>Không ghi được vào cơ sở dữ liệu nên chưa có gì được lưu ({detail}).</translation>
    </message>
    <message>
      <source>The database file cannot be opened (was its disk removed?), so nothing was saved. What you entered is kept: reconnect the disk, then try again.</source>
      <translation>Không mở được tệp cơ sở dữ liệu (ổ đĩa chứa tệp đã bị rút ra?) nên chưa có gì được lưu. Những gì bạn đã nhập vẫn còn nguyên: hãy cắm lại ổ đĩa rồi thử lại.</translation>
    </message>
    <message>
      <source>The database file is damaged, so nothing was saved. Stop selling and ask the manager to restore a backup.</source>
      <translation>Tệp cơ sở dữ liệu bị hỏng nên chưa có gì được lưu. Hãy ngừng bán hàng và nhờ quản lý khôi phục một bản sao lưu.</translation>
    </message>
    <message>
      <source>The database file is read-only, so nothing was saved. What you entered is kept: ask the manager to make the file writable again, then try again.</source>
      <translation>Tệp cơ sở dữ liệu đang ở chế độ chỉ đọc nên chưa có gì được lưu. Những gì bạn đã nhập vẫn còn nguyên: hãy nhờ quản lý cho phép ghi vào tệp rồi thử lại.</translation>
    </message>
    <message>
      <source>The database is busy in another program, so nothing was saved. What you entered is kept: try again in a moment.</source>
      <translation>Cơ sở dữ liệu đang bận vì một chương trình khác nên chưa có gì được lưu. Những gì bạn đã nhập vẫn còn nguyên: hãy thử lại sau giây lát.</translation>
    </message>
    <message>
      <source>The database {path} can be read but not written ({detail}): the file, its folder, its -wal or -shm file, or the whole disk is read-only. Nothing was changed. Make it writable, then start again; meanwhile `showroom-pos backup --to DIR`, `backup --list`, `check` and the exports work on it to rescue the data.</source>
      <translation>Cơ sở dữ liệu {path} chỉ đọc được, không ghi được ({detail}): tệp, thư mục chứa nó, tệp -wal hoặc -shm, hoặc cả ổ đĩa đang ở chế độ chỉ đọc. Chưa có gì bị thay đổi. Hãy cho phép ghi lại rồi khởi động lại; trong lúc chờ, `showroom-pos backup --to DIR`, `backup --list`, `check` và các lệnh xuất dữ liệu vẫn chạy được để cứu dữ liệu.</translation>
    </message>
    <message>
      <source>The database {path} cannot be opened because its disk is full ({detail}). The file is not damaged: do not restore a backup over it. Free some space on that disk, then start again.</source>
      <translation>Không mở được cơ sở dữ liệu {path} vì ổ đĩa chứa nó đã đầy ({detail}). Tệp không bị hỏng: đừng khôi phục bản sao lưu đè lên nó. Hãy giải phóng bớt dung lượng trên ổ đĩa đó rồi khởi động lại.</translation>
    </message>
    <message>
      <source>The database {path} cannot be opened: this account has no permission ({detail}). Ask whoever manages this computer to give it access to the file and its folder.</source>
      <translation>Không mở được cơ sở dữ liệu {path}: tài khoản này không có quyền truy cập ({detail}). Hãy nhờ người quản lý máy tính cấp quyền cho tài khoản này đối với tệp và thư mục chứa nó.</translation>
    </message>
    <message>
      <source>The database {path} changed while it was being opened; start again.</source>
      <translation>Cơ sở dữ liệu {path} đã thay đổi trong lúc đang mở; hãy mở lại.</translation>
    </message>
    <message>
      <source>The database {path} does not exist. Check the path (--db or SHOWROOM_POS_DB); to bring the data back, restore a backup with `showroom-pos restore FILE --db {path}`.</source>
      <translation>Cơ sở dữ liệu {path} không tồn tại. Hãy kiểm tra lại đường dẫn (--db hoặc SHOWROOM_POS_DB); muốn lấy lại dữ liệu thì khôi phục một bản sao lưu bằng `showroom-pos restore FILE --db {path}`.</translation>
    </message>
    <message>
      <source>The database {path} is already in use by {program} (process {pid} of user {user} on {host}, since {since}). Only one program may work on a database at a time: close it there first.</source>
      <translation>Cơ sở dữ liệu {path} đang được {program} sử dụng (tiến trình {pid} của người dùng {user} trên máy {host}, từ {since}). Mỗi lúc chỉ một chương trình được làm việc trên một cơ sở dữ liệu: hãy đóng chương trình đó trước.</translation>
    </message>
    <message>
      <source>The database {path} is damaged ({detail}); it was left untouched. Restore a backup with `showroom-pos restore`.</source>
      <translation>Cơ sở dữ liệu {path} bị hỏng ({detail}); tệp được giữ nguyên. Hãy khôi phục bản sao lưu bằng `showroom-pos restore`.</translation>
    </message>
    <message>
      <source>The database {path} is empty (0 bytes): the data it held is gone, and it is not taken for a new till, so that receipt numbers do not start again from 0001. Restore the newest backup with `showroom-pos restore FILE --db {path}`; if this really is a new till, delete the empty file first.</source>
      <translation>Cơ sở dữ liệu {path} trống (0 byte): dữ liệu trong đó đã mất, và tệp này không được coi là máy bán hàng mới, để số hóa đơn không bắt đầu lại từ 0001. Hãy khôi phục bản sao lưu mới nhất bằng `showroom-pos restore FILE --db {path}`; nếu đây đúng là máy bán hàng mới, hãy xóa tệp trống này trước.</translation>
    </message>
    <message>
      <source>The database {path} is locked by another program ({detail}). Close that program (or the other copy of this app), then start again. The file is not damaged.</source>
      <translation>Cơ sở dữ liệu {path} đang bị một chương trình khác khóa ({detail}). Hãy đóng chương trình đó (hoặc cửa sổ phần mềm bán hàng còn lại) rồi khởi động lại. Tệp không bị hỏng.</translation>
    </message>
    <message>
      <source>The database {path} is missing, but this till has written {marked_sales} sales to it (the last receipt was {marked_receipt}). It was not created again, so that no receipt number is used twice: plug in its disk, or restore the newest backup with `showroom-pos restore FILE --db {path}`.</source>
      <translation>Không tìm thấy cơ sở dữ liệu {path}, nhưng máy này đã ghi {marked_sales} giao dịch bán hàng vào đó (hóa đơn cuối là {marked_receipt}). Tệp không được tạo lại, để không số hóa đơn nào bị dùng hai lần: hãy cắm lại ổ đĩa chứa nó, hoặc khôi phục bản sao lưu mới nhất bằng `showroom-pos restore FILE --db {path}`.</translation>
    </message>
    <message>
      <source>The database {path} must be upgraded before it can be used, and it cannot be written ({detail}). Copy the file to a writable disk and open the copy.</source>
      <translation>Cơ sở dữ liệu {path} cần được nâng cấp trước khi dùng, nhưng không ghi được vào nó ({detail}). Hãy chép tệp sang một ổ đĩa ghi được rồi mở bản chép đó.</translation>
    </message>
    <message>
      <source>The database {path} was written by a newer version of the app (schema {revision}); install the newer version. The file was left untouched.</source>
      <translation>Cơ sở dữ liệu {path} được tạo bởi phiên bản mới hơn của ứng dụng (lược đồ {revision}); hãy cài phiên bản mới hơn. Tệp được giữ nguyên.</translation>
    </message>
    <message>
      <source>The disk could not be read or written (input/output error), so nothing was saved. What you entered is kept: check the disk, then try again.</source>
      <translation>Không đọc hoặc ghi được ổ đĩa (lỗi vào/ra) nên chưa có gì được lưu. Những gì bạn đã nhập vẫn còn nguyên: hãy kiểm tra ổ đĩa rồi thử lại.</translation>
    </message>
    <message>
      <source>The disk holding the database {path} could not be read or written (input/output error: {detail}). The file may well be sound: check the disk and its cable before restoring anything.</source>
      <translation>Không đọc hoặc ghi được ổ đĩa chứa cơ sở dữ liệu {path} (lỗi vào/ra: {detail}). Tệp có thể vẫn còn nguyên vẹn: hãy kiểm tra ổ đĩa và dây cáp trước khi khôi phục bất cứ thứ gì.</translation>
    </message>
    <message>
      <source>The disk is full, so nothing was saved. What you entered is kept: free some space (or call the manager), then try again.</source>
      <translation>Ổ đĩa đã đầy nên chưa có gì được lưu. Những gì bạn đã nhập vẫn còn nguyên: hãy giải phóng dung lượng (hoặc gọi quản lý) rồi thử lại.</translation>
    </message>
    <message>
      <source>The e-invoice rules ask for {action} after a return, which this version cannot issue.</source>
      <translation>Quy định hóa đơn điện tử yêu cầu {action} khi trả hàng, phiên bản này chưa lập được.</translation>
    </message>
    <message>
      <source>The e-invoice rules ask for {action} after a void, which this version cannot issue.</source>
      <translation>Quy định hóa đơn điện tử yêu cầu {action} khi hủy giao dịch, phiên bản này chưa lập được.</translation>
    </message>
    <message>
      <source>The e-invoice rules file {file} does not exist.</source>
      <translation>Không có tệp quy định hóa đơn điện tử {file}.</translation>
    </message>
    <message>
      <source>The e-invoice rules in {file} cannot be read: {reason}.</source>
      <translation>Không đọc được quy định hóa đơn điện tử trong {file}: {reason}.</translation>
    </message>
    <message>
      <source>The e-invoice rules in {file} hold no rule set.</source>
      <translation>Tệp {file} không có bộ quy định hóa đơn điện tử nào.</translation>
    </message>
    <message>
      <source>The file cannot be read as an Excel workbook (.xlsx).</source>
      <translation>Không đọc được tệp dưới dạng bảng tính Excel (.xlsx).</translation>
    </message>
    <message>
      <source>The file contains NUL characters: it is not a CSV text file.</source>
      <translation>Tệp chứa ký tự NUL: đây không phải là tệp văn bản CSV.</translation>
    </message>
    <message>
      <source>The file has more than {rows} rows.</source>
      <translation>Tệp có nhiều hơn {rows} dòng.</translation>
    </message>
    <message>
      <source>The file is empty.</source>
      <translation>Tệp trống.</translation>
    </message>
    <message>
      <source>The file is larger than {mb} MB.</source>
      <translation>Tệp lớn hơn {mb} MB.</translation>
    </message>
    <message>
      <source>The file needs a SKU (Mã hàng) or a barcode (Mã vạch) column.</source>
      <translation>Tệp phải có cột mã hàng (Mã hàng) hoặc mã vạch (Mã vạch).</translation>
    </message>
    <message>
      <source>The file starts like UTF-16 text but is not.</source>
      <translation>Tệp có phần đầu giống văn bản UTF-16 nhưng nội dung không phải.</translation>
    </message>
    <message>
      <source>The folder {folder} does not exist.</source>
      <translation>Thư mục {folder} không tồn tại.</translation>
    </message>
    <message>
      <source>The import stopped and nothing was saved: {reason}</source>
      <translation>Việc nhập đã dừng và chưa lưu gì: {reason}</translation>
    </message>
    <message>
      <source>The installation of OCOP Showroom POS is incomplete: {resource} is missing ({where}). Reinstall the app.</source>
      <translation>Bản cài đặt OCOP Showroom POS chưa đầy đủ: thiếu {resource} ({where}). Hãy cài lại phần mềm.</translation>
    </message>
    <message>
      <source>The label sheet settings cannot be used: {reason}.</source>
      <translation>Không dùng được cài đặt tờ tem: {reason}.</translation>
    </message>
    <message>
      <source>The label size setting cannot be used: {reason}.</source>
      <translation>Không dùng được cài đặt cỡ tem: {reason}.</translation>
    </message>
    <message>
      <source>The period ends ({end}) before it starts ({start}).</source>
      <translation>Kỳ báo cáo kết thúc ({end}) trước ngày bắt đầu ({start}).</translation>
    </message>
    <message>
      <source>The period overlaps the settled period {start} – {end}.</source>
      <translation>Kỳ này trùng với kỳ đã chốt sổ {start} – {end}.</translation>
    </message>
    <message>
      <source>The printer settings cannot be used: {reason}.</source>
      <translation>Không dùng được cài đặt máy in: {reason}.</translation>
    </message>
    <message>
      <source>The producer's consignment is settled up to {day}: nothing can be dated in a settled period.</source>
      <translation>Hàng ký gửi của chủ thể đã chốt sổ đến ngày {day}: không thể ghi nghiệp vụ vào kỳ đã chốt.</translation>
    </message>
    <message>
      <source>The province server address must start with https:// so the token is not sent in clear: {url}</source>
      <translation>Địa chỉ máy chủ của tỉnh phải bắt đầu bằng https:// để mã truy cập không bị gửi đi dưới dạng không mã hóa: {url}</translation>
    </message>
    <message>
      <source>The receipt printer {printer} did not print: {reason}</source>
      <translation>Máy in hóa đơn {printer} không in được: {reason}</translation>
    </message>
    <message>
      <source>The restore failed ({detail}). Your data before the restore is kept in {aside}.</source>
      <translation>Khôi phục không thành công ({detail}). Dữ liệu trước khi khôi phục vẫn được giữ ở {aside}.</translation>
    </message>
    <message>
      <source>The sales window must be at least one day.</source>
      <translation>Khoảng thời gian tính bán hàng phải từ một ngày trở lên.</translation>
    </message>
    <message>
      <source>The setting {key} holds “{value}”, which it cannot take: set it again in Settings (or with showroom-pos config set).</source>
      <translation>Thiết lập {key} đang có giá trị “{value}” không dùng được: hãy đặt lại trong Cài đặt (hoặc bằng showroom-pos config set).</translation>
    </message>
    <message>
      <source>The showroom's time zone (every time shown, printed and reported)</source>
      <translation>Múi giờ của điểm bán (mọi giờ hiển thị, in và báo cáo)</translation>
    </message>
    <message>
      <source>This PIN is too easy to guess (one digit repeated, or digits in a row such as 1234): choose another.</source>
      <translation>Mã PIN này quá dễ đoán (một chữ số lặp lại, hoặc các chữ số liền nhau như 1234): hãy chọn mã khác.</translation>
    </message>
    <message>
      <source>This database is behind what this till last wrote: it holds {sales} sales up to receipt {db_receipt}, but the till had recorded {marked_sales} sales up to receipt {marked_receipt} (the file was rolled back, copied without its -wal file, or replaced by an old backup). Selling is stopped so that no receipt number is used twice. Restore the newest backup with `showroom-pos restore`, or have a manager run `showroom-pos accept-loss` to start a new receipt series (audited).</source>
      <translation>Cơ sở dữ liệu này cũ hơn những gì máy đã ghi lần cuối: trong đó có {sales} giao dịch, đến hóa đơn {db_receipt}, nhưng máy đã ghi nhận {marked_sales} giao dịch, đến hóa đơn {marked_receipt} (tệp bị quay lui, bị sao chép thiếu tệp -wal, hoặc bị thay bằng một bản sao lưu cũ). Việc bán hàng tạm dừng để không số hóa đơn nào bị dùng hai lần. Hãy khôi phục bản sao lưu mới nhất bằng `showroom-pos restore`, hoặc nhờ quản lý chạy `showroom-pos accept-loss` để bắt đầu dãy số hóa đơn mới (có ghi nhật ký).</translation>
    </message>
    <message>
      <source>This is an old Excel .xls file: save it as .xlsx (Excel Workbook) or as CSV UTF-8.</source>
      <translation>Đây là tệp Excel .xls đời cũ: hãy lưu lại dưới dạng .xlsx (Excel Workbook) hoặc CSV UTF-8.</translation>
    </message>
    <message>
      <source>This row updates the same product as line {other}.</source>
      <translation>Dòng này cập nhật cùng sản phẩm với dòng {other}.</translation>
    </message>
    <message>
      <source>This stock count is already {status}.</source>
      <translation>Đợt kiểm kê này đã {status}.</translation>
    </message>
    <message>
      <source>Till</source>
      <translation>Quầy</translation>
    </message>
    <message>
      <source>Till lock (all)</source>
      <translation>Khóa quầy (tất cả)</translation>
    </message>
    <message>
      <source>Till locked</source>
      <translation>Khóa quầy</translation>
    </message>
    <message>
      <source>Till unlocked</source>
      <translation>Mở khóa quầy</translation>
    </message>
    <message>
      <source>Too many wrong PINs: {name} is locked until an administrator unlocks them.</source>
      <translation>Nhập sai mã PIN quá nhiều lần: {name} bị khóa cho đến khi quản trị viên mở khóa.</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Tổng cộng</translation>
    </message>
    <message>
      <source>Total over</source>
      <translation>Tổng thừa</translation>
    </message>
    <message>
      <source>Total short</source>
      <translation>Tổng thiếu</translation>
    </message>
    <message>
      <source>Two columns are both read as {column}: {first} and {second}.</source>
      <translation>Có hai cột cùng được hiểu là {column}: {first} và {second}.</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>Đơn vị tính</translation>
    </message>
    <message>
      <source>Unit cost</source>
      <translation>Giá vốn đơn vị</translation>
    </message>
    <message>
      <source>Unit: a product needs a unit (hũ, hộp, kg…).</source>
      <translation>Đơn vị tính: sản phẩm phải có đơn vị tính (hũ, hộp, kg…).</translation>
    </message>
    <message>
      <source>Unknown code {code}: nothing added.</source>
      <translation>Mã {code} không có trong danh mục: chưa thêm gì.</translation>
    </message>
    <message>
      <source>Unknown e-invoice provider {name}; known: {known}.</source>
      <translation>Không biết nhà cung cấp hóa đơn điện tử {name}; hiện có: {known}.</translation>
    </message>
    <message>
      <source>Unknown export format {fmt}; use one of: {choices}.</source>
      <translation>Không hỗ trợ định dạng xuất {fmt}; hãy chọn một trong: {choices}.</translation>
    </message>
    <message>
      <source>Unknown report grouping {by}.</source>
      <translation>Không có cách nhóm báo cáo {by}.</translation>
    </message>
    <message>
      <source>Unknown report grouping {by}; use one of: {choices}.</source>
      <translation>Không có cách nhóm báo cáo {by}; hãy chọn một trong: {choices}.</translation>
    </message>
    <message>
      <source>User added</source>
      <translation>Thêm người dùng</translation>
    </message>
    <message>
      <source>User deactivated</source>
      <translation>Ngừng người dùng</translation>
    </message>
    <message>
      <source>User locked (wrong PINs)</source>
      <translation>Khóa người dùng (sai PIN nhiều lần)</translation>
    </message>
    <message>
      <source>User reactivated</source>
      <translation>Cho người dùng làm lại</translation>
    </message>
    <message>
      <source>User unlocked</source>
      <translation>Mở khóa người dùng</translation>
    </message>
    <message>
      <source>Users (all)</source>
      <translation>Người dùng (tất cả)</translation>
    </message>
    <message>
      <source>VAT</source>
      <translation>Thuế GTGT</translation>
    </message>
    <message>
      <source>VAT: unknown category {category}.</source>
      <translation>Thuế GTGT: không có loại thuế suất {category}.</translation>
    </message>
    <message>
      <source>VAT: {value} is not a VAT category (10%, 8%, 5%, 0%, KCT).</source>
      <translation>Thuế GTGT: {value} không phải là thuế suất hợp lệ (10%, 8%, 5%, 0%, KCT).</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Giá trị</translation>
    </message>
    <message>
      <source>Value at cost</source>
      <translation>Giá trị theo giá vốn</translation>
    </message>
    <message>
      <source>Value at price</source>
      <translation>Giá trị theo giá bán</translation>
    </message>
    <message>
      <source>Vietnamese code page in text mode</source>
      <translation>Bảng mã tiếng Việt khi in dạng chữ</translation>
    </message>
    <message>
      <source>Voided receipts</source>
      <translation>Hóa đơn đã hủy</translation>
    </message>
    <message>
      <source>Warn this many days before best-before</source>
      <translation>Cảnh báo trước hạn sử dụng số ngày</translation>
    </message>
    <message>
      <source>Week</source>
      <translation>Tuần</translation>
    </message>
    <message>
      <source>Week starting</source>
      <translation>Tuần bắt đầu từ</translation>
    </message>
    <message>
      <source>Who composes the tax authority's code: the till, or the provider</source>
      <translation>Ai tạo mã của cơ quan thuế: máy bán hàng hay nhà cung cấp</translation>
    </message>
    <message>
      <source>With a tax code, the invoice needs the buyer's name and address.</source>
      <translation>Khi có mã số thuế, hóa đơn cần tên và địa chỉ người mua.</translation>
    </message>
    <message>
      <source>With a tax code, the invoice needs the buyer's {field}.</source>
      <translation>Khi có mã số thuế, hóa đơn cần {field} của người mua.</translation>
    </message>
    <message>
      <source>Worst sellers</source>
      <translation>Sản phẩm bán chậm nhất</translation>
    </message>
    <message>
      <source>Wrong PIN</source>
      <translation>Sai mã PIN</translation>
    </message>
    <message>
      <source>X report (shift still open)</source>
      <translation>Báo cáo X (ca chưa đóng)</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>Có</translation>
    </message>
    <message>
      <source>You cannot deactivate yourself: another administrator must do it.</source>
      <translation>Bạn không thể tự vô hiệu hóa chính mình: việc này phải do một quản trị viên khác làm.</translation>
    </message>
    <message>
      <source>Z report</source>
      <translation>Báo cáo Z</translation>
    </message>
    <message>
      <source>a closed shift's expected cash is its cash taken, handed back and moved</source>
      <translation>tiền mặt dự kiến của ca đã đóng bằng tiền đã thu, đã trả lại và đã nộp/rút</translation>
    </message>
    <message>
      <source>a discount above the limit</source>
      <translation>giảm giá vượt hạn mức</translation>
    </message>
    <message>
      <source>a weight code for goods not sold by weight</source>
      <translation>mã cân cho hàng không bán theo cân</translation>
    </message>
    <message>
      <source>action</source>
      <translation>việc</translation>
    </message>
    <message>
      <source>added</source>
      <translation>thêm</translation>
    </message>
    <message>
      <source>address</source>
      <translation>địa chỉ</translation>
    </message>
    <message>
      <source>adjust stock</source>
      <translation>điều chỉnh tồn kho</translation>
    </message>
    <message>
      <source>adjusted</source>
      <translation>điều chỉnh</translation>
    </message>
    <message>
      <source>administrator</source>
      <translation>quản trị viên</translation>
    </message>
    <message>
      <source>amount</source>
      <translation>số tiền</translation>
    </message>
    <message>
      <source>an e-invoice equals its sale</source>
      <translation>hóa đơn điện tử khớp với giao dịch bán</translation>
    </message>
    <message>
      <source>approve a stock count</source>
      <translation>duyệt kiểm kê</translation>
    </message>
    <message>
      <source>approved</source>
      <translation>được duyệt</translation>
    </message>
    <message>
      <source>approved amount</source>
      <translation>số tiền được duyệt</translation>
    </message>
    <message>
      <source>approving: {action}</source>
      <translation>phê duyệt: {action}</translation>
    </message>
    <message>
      <source>at most one open shift per till</source>
      <translation>mỗi máy có nhiều nhất một ca đang mở</translation>
    </message>
    <message>
      <source>at shift close</source>
      <translation>khi đóng ca</translation>
    </message>
    <message>
      <source>attempts</source>
      <translation>số lần</translation>
    </message>
    <message>
      <source>audit log</source>
      <translation>nhật ký</translation>
    </message>
    <message>
      <source>backup</source>
      <translation>bản sao lưu</translation>
    </message>
    <message>
      <source>bank transfer</source>
      <translation>chuyển khoản</translation>
    </message>
    <message>
      <source>before</source>
      <translation>trước đó</translation>
    </message>
    <message>
      <source>before (1/100 %)</source>
      <translation>trước đó (1/100 %)</translation>
    </message>
    <message>
      <source>by hand</source>
      <translation>thủ công</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>đã hủy</translation>
    </message>
    <message>
      <source>cannot reach the province server</source>
      <translation>không kết nối được máy chủ của tỉnh</translation>
    </message>
    <message>
      <source>card</source>
      <translation>thẻ</translation>
    </message>
    <message>
      <source>cart</source>
      <translation>giỏ hàng</translation>
    </message>
    <message>
      <source>cash</source>
      <translation>tiền mặt</translation>
    </message>
    <message>
      <source>cash rounding</source>
      <translation>làm tròn tiền mặt</translation>
    </message>
    <message>
      <source>cashier</source>
      <translation>thu ngân</translation>
    </message>
    <message>
      <source>catalogue</source>
      <translation>danh mục</translation>
    </message>
    <message>
      <source>change a price</source>
      <translation>đổi giá bán</translation>
    </message>
    <message>
      <source>change settings</source>
      <translation>thay đổi cài đặt</translation>
    </message>
    <message>
      <source>changed</source>
      <translation>sửa</translation>
    </message>
    <message>
      <source>changes</source>
      <translation>thay đổi</translation>
    </message>
    <message>
      <source>citizen ID</source>
      <translation>số CCCD</translation>
    </message>
    <message>
      <source>close a shift</source>
      <translation>đóng ca</translation>
    </message>
    <message>
      <source>code</source>
      <translation>mã</translation>
    </message>
    <message>
      <source>commission</source>
      <translation>hoa hồng</translation>
    </message>
    <message>
      <source>commission (1/100 %)</source>
      <translation>hoa hồng (1/100 %)</translation>
    </message>
    <message>
      <source>consigned</source>
      <translation>ký gửi</translation>
    </message>
    <message>
      <source>counted</source>
      <translation>đếm được</translation>
    </message>
    <message>
      <source>daily</source>
      <translation>hằng ngày</translation>
    </message>
    <message>
      <source>delivery note</source>
      <translation>phiếu giao hàng</translation>
    </message>
    <message>
      <source>e-invoice</source>
      <translation>hóa đơn điện tử</translation>
    </message>
    <message>
      <source>e-invoice numbers are gapless per form and symbol</source>
      <translation>số hóa đơn điện tử liên tục, không hở, theo mẫu số và ký hiệu</translation>
    </message>
    <message>
      <source>e-mail</source>
      <translation>email</translation>
    </message>
    <message>
      <source>e-wallet</source>
      <translation>ví điện tử</translation>
    </message>
    <message>
      <source>edit products and producers</source>
      <translation>sửa sản phẩm và chủ thể</translation>
    </message>
    <message>
      <source>empty</source>
      <translation>trống</translation>
    </message>
    <message>
      <source>error</source>
      <translation>lỗi</translation>
    </message>
    <message>
      <source>every day with sales is in the outbox</source>
      <translation>mọi ngày có bán hàng đều nằm trong hàng chờ gửi lên tỉnh</translation>
    </message>
    <message>
      <source>every sale lies inside its shift, on its till</source>
      <translation>mỗi hóa đơn nằm trong ca của nó, trên đúng máy</translation>
    </message>
    <message>
      <source>every sale line has its stock movement</source>
      <translation>mỗi dòng hàng bán đều có phiếu xuất kho</translation>
    </message>
    <message>
      <source>every shift is opened before it is closed</source>
      <translation>mỗi ca đều mở trước khi đóng</translation>
    </message>
    <message>
      <source>expected</source>
      <translation>phải có</translation>
    </message>
    <message>
      <source>file</source>
      <translation>tệp</translation>
    </message>
    <message>
      <source>folder</source>
      <translation>thư mục</translation>
    </message>
    <message>
      <source>for</source>
      <translation>để</translation>
    </message>
    <message>
      <source>foreign keys</source>
      <translation>khóa ngoại</translation>
    </message>
    <message>
      <source>from</source>
      <translation>từ</translation>
    </message>
    <message>
      <source>goods receipt</source>
      <translation>phiếu nhập</translation>
    </message>
    <message>
      <source>goods were already returned against it</source>
      <translation>khách đã trả hàng theo hóa đơn này</translation>
    </message>
    <message>
      <source>idle minutes</source>
      <translation>số phút không dùng</translation>
    </message>
    <message>
      <source>import</source>
      <translation>lần nhập danh sách</translation>
    </message>
    <message>
      <source>invoice</source>
      <translation>hóa đơn điện tử</translation>
    </message>
    <message>
      <source>it already exists</source>
      <translation>đã có sẵn</translation>
    </message>
    <message>
      <source>it cannot be moved to another disk</source>
      <translation>không thể chuyển sang ổ đĩa khác</translation>
    </message>
    <message>
      <source>it is a folder, not a file</source>
      <translation>đó là thư mục, không phải tệp</translation>
    </message>
    <message>
      <source>it is already voided</source>
      <translation>hóa đơn đã bị hủy rồi</translation>
    </message>
    <message>
      <source>its shift is closed; take a return instead</source>
      <translation>ca của hóa đơn đã chốt; hãy làm trả hàng</translation>
    </message>
    <message>
      <source>kept aside in</source>
      <translation>cất riêng tại</translation>
    </message>
    <message>
      <source>kind filter</source>
      <translation>lọc theo loại</translation>
    </message>
    <message>
      <source>label</source>
      <translation>nhãn</translation>
    </message>
    <message>
      <source>lines</source>
      <translation>số dòng</translation>
    </message>
    <message>
      <source>lockouts</source>
      <translation>số lần bị khóa</translation>
    </message>
    <message>
      <source>logging in</source>
      <translation>đăng nhập</translation>
    </message>
    <message>
      <source>lost</source>
      <translation>mất</translation>
    </message>
    <message>
      <source>manage users</source>
      <translation>quản lý người dùng</translation>
    </message>
    <message>
      <source>manager</source>
      <translation>quản lý</translation>
    </message>
    <message>
      <source>method</source>
      <translation>hình thức</translation>
    </message>
    <message>
      <source>name</source>
      <translation>tên</translation>
    </message>
    <message>
      <source>no</source>
      <translation>không</translation>
    </message>
    <message>
      <source>no answer in time</source>
      <translation>không có phản hồi kịp thời</translation>
    </message>
    <message>
      <source>no printer is set</source>
      <translation>chưa cài đặt máy in</translation>
    </message>
    <message>
      <source>note</source>
      <translation>ghi chú</translation>
    </message>
    <message>
      <source>on hand</source>
      <translation>tồn kho</translation>
    </message>
    <message>
      <source>on-hand equals the stock ledger</source>
      <translation>tồn kho khớp sổ kho</translation>
    </message>
    <message>
      <source>only the last sale of this till can be voided</source>
      <translation>chỉ được hủy hóa đơn bán gần nhất của quầy này</translation>
    </message>
    <message>
      <source>open</source>
      <translation>đang mở</translation>
    </message>
    <message>
      <source>open a shift</source>
      <translation>mở ca</translation>
    </message>
    <message>
      <source>open the cash drawer without a sale</source>
      <translation>mở ngăn kéo tiền khi không bán hàng</translation>
    </message>
    <message>
      <source>opening float</source>
      <translation>tiền đầu ca</translation>
    </message>
    <message>
      <source>out of paper</source>
      <translation>hết giấy</translation>
    </message>
    <message>
      <source>over/short</source>
      <translation>thừa/thiếu</translation>
    </message>
    <message>
      <source>owner</source>
      <translation>người giữ</translation>
    </message>
    <message>
      <source>part of the path is not a folder</source>
      <translation>một phần của đường dẫn không phải thư mục</translation>
    </message>
    <message>
      <source>payable</source>
      <translation>phải trả</translation>
    </message>
    <message>
      <source>period</source>
      <translation>kỳ</translation>
    </message>
    <message>
      <source>permission denied</source>
      <translation>không có quyền truy cập</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>điện thoại</translation>
    </message>
    <message>
      <source>photo</source>
      <translation>ảnh</translation>
    </message>
    <message>
      <source>price</source>
      <translation>giá</translation>
    </message>
    <message>
      <source>producer</source>
      <translation>chủ thể</translation>
    </message>
    <message>
      <source>producer no.</source>
      <translation>số chủ thể</translation>
    </message>
    <message>
      <source>producers</source>
      <translation>chủ thể</translation>
    </message>
    <message>
      <source>product</source>
      <translation>sản phẩm</translation>
    </message>
    <message>
      <source>product name</source>
      <translation>tên hàng</translation>
    </message>
    <message>
      <source>put cash in or take cash out</source>
      <translation>nộp hoặc rút tiền mặt</translation>
    </message>
    <message>
      <source>python-escpos printer profile</source>
      <translation>Cấu hình máy in python-escpos</translation>
    </message>
    <message>
      <source>quantity</source>
      <translation>số lượng</translation>
    </message>
    <message>
      <source>rate (1/100 %)</source>
      <translation>tỷ lệ (1/100 %)</translation>
    </message>
    <message>
      <source>read reports</source>
      <translation>xem báo cáo</translation>
    </message>
    <message>
      <source>read the audit log</source>
      <translation>xem nhật ký hoạt động</translation>
    </message>
    <message>
      <source>reason</source>
      <translation>lý do</translation>
    </message>
    <message>
      <source>receipt</source>
      <translation>hóa đơn</translation>
    </message>
    <message>
      <source>receipt numbers are gapless per till and day</source>
      <translation>số hóa đơn liên tục, không hở, theo từng máy và từng ngày</translation>
    </message>
    <message>
      <source>receive goods</source>
      <translation>nhập hàng</translation>
    </message>
    <message>
      <source>refund</source>
      <translation>hoàn tiền</translation>
    </message>
    <message>
      <source>refund a customer</source>
      <translation>hoàn tiền cho khách</translation>
    </message>
    <message>
      <source>restore a backup</source>
      <translation>khôi phục bản sao lưu</translation>
    </message>
    <message>
      <source>return</source>
      <translation>phiếu trả</translation>
    </message>
    <message>
      <source>return refunds equal their lines</source>
      <translation>tiền hoàn trả khớp các dòng trả hàng</translation>
    </message>
    <message>
      <source>returns never exceed what was sold</source>
      <translation>hàng trả không bao giờ vượt quá hàng đã bán</translation>
    </message>
    <message>
      <source>revision</source>
      <translation>lần gửi</translation>
    </message>
    <message>
      <source>role</source>
      <translation>vai trò</translation>
    </message>
    <message>
      <source>rows</source>
      <translation>số dòng</translation>
    </message>
    <message>
      <source>sale</source>
      <translation>hóa đơn</translation>
    </message>
    <message>
      <source>sale totals equal their lines</source>
      <translation>tổng hóa đơn khớp các dòng hàng</translation>
    </message>
    <message>
      <source>sale totals equal their payments</source>
      <translation>tổng hóa đơn khớp các khoản thanh toán</translation>
    </message>
    <message>
      <source>sales</source>
      <translation>doanh số</translation>
    </message>
    <message>
      <source>sell</source>
      <translation>bán hàng</translation>
    </message>
    <message>
      <source>series</source>
      <translation>dãy số</translation>
    </message>
    <message>
      <source>setting</source>
      <translation>cài đặt</translation>
    </message>
    <message>
      <source>settle with a producer</source>
      <translation>quyết toán với chủ thể</translation>
    </message>
    <message>
      <source>settlement</source>
      <translation>bảng kê ký gửi</translation>
    </message>
    <message>
      <source>shift</source>
      <translation>ca</translation>
    </message>
    <message>
      <source>shifts of one till do not overlap</source>
      <translation>các ca của một máy không chồng lên nhau</translation>
    </message>
    <message>
      <source>showroom</source>
      <translation>điểm bán</translation>
    </message>
    <message>
      <source>size (bytes)</source>
      <translation>dung lượng (byte)</translation>
    </message>
    <message>
      <source>some of the app's tables are missing</source>
      <translation>thiếu một số bảng dữ liệu của ứng dụng</translation>
    </message>
    <message>
      <source>stock adjustment</source>
      <translation>điều chỉnh tồn kho</translation>
    </message>
    <message>
      <source>stock count</source>
      <translation>phiếu kiểm kê</translation>
    </message>
    <message>
      <source>stock movement</source>
      <translation>thẻ kho</translation>
    </message>
    <message>
      <source>take back goods</source>
      <translation>nhận hàng trả lại</translation>
    </message>
    <message>
      <source>tax code</source>
      <translation>mã số thuế</translation>
    </message>
    <message>
      <source>the app</source>
      <translation>ứng dụng</translation>
    </message>
    <message>
      <source>the command line</source>
      <translation>dòng lệnh</translation>
    </message>
    <message>
      <source>the connection was cut</source>
      <translation>kết nối bị ngắt</translation>
    </message>
    <message>
      <source>the connection was refused</source>
      <translation>kết nối bị từ chối</translation>
    </message>
    <message>
      <source>the database is not behind this till's high-water mark</source>
      <translation>cơ sở dữ liệu không cũ hơn mốc ghi cuối của máy</translation>
    </message>
    <message>
      <source>the device is not connected</source>
      <translation>thiết bị chưa được kết nối</translation>
    </message>
    <message>
      <source>the disk could not be read or written (input/output error)</source>
      <translation>không đọc hoặc ghi được ổ đĩa (lỗi vào/ra)</translation>
    </message>
    <message>
      <source>the disk is full</source>
      <translation>ổ đĩa đã đầy</translation>
    </message>
    <message>
      <source>the disk is read-only</source>
      <translation>ổ đĩa chỉ cho phép đọc</translation>
    </message>
    <message>
      <source>the file cannot be opened</source>
      <translation>không mở được tệp</translation>
    </message>
    <message>
      <source>the file is damaged or is not a database</source>
      <translation>tệp bị hỏng hoặc không phải là cơ sở dữ liệu</translation>
    </message>
    <message>
      <source>the file is in use by another program</source>
      <translation>tệp đang được chương trình khác sử dụng</translation>
    </message>
    <message>
      <source>the file is too large</source>
      <translation>tệp quá lớn</translation>
    </message>
    <message>
      <source>the file or folder does not exist</source>
      <translation>tệp hoặc thư mục không tồn tại</translation>
    </message>
    <message>
      <source>the file or its disk is read-only</source>
      <translation>tệp hoặc ổ đĩa chứa nó chỉ cho phép đọc</translation>
    </message>
    <message>
      <source>the folder is not empty</source>
      <translation>thư mục không trống</translation>
    </message>
    <message>
      <source>the invoice symbol (einvoice.symbol)</source>
      <translation>ký hiệu hóa đơn (einvoice.symbol)</translation>
    </message>
    <message>
      <source>the name is too long</source>
      <translation>tên quá dài</translation>
    </message>
    <message>
      <source>the name or the path is not valid</source>
      <translation>tên hoặc đường dẫn không hợp lệ</translation>
    </message>
    <message>
      <source>the network cannot reach it</source>
      <translation>mạng không kết nối tới được</translation>
    </message>
    <message>
      <source>the network is down</source>
      <translation>mạng đang bị ngắt</translation>
    </message>
    <message>
      <source>the province refused this outlet's token (wrong or revoked; check province.token in Settings)</source>
      <translation>tỉnh từ chối mã token của điểm bán (sai hoặc đã bị thu hồi; kiểm tra lại province.token trong Cài đặt → Đồng bộ tỉnh)</translation>
    </message>
    <message>
      <source>the province server did not answer in time</source>
      <translation>máy chủ của tỉnh không phản hồi kịp thời</translation>
    </message>
    <message>
      <source>the seller's details (Settings → Outlet)</source>
      <translation>thông tin người bán (Cài đặt → Điểm bán)</translation>
    </message>
    <message>
      <source>the showroom's address (outlet.address)</source>
      <translation>địa chỉ điểm bán (outlet.address)</translation>
    </message>
    <message>
      <source>the showroom's name (outlet.name)</source>
      <translation>tên điểm bán (outlet.name)</translation>
    </message>
    <message>
      <source>the showroom's tax code (outlet.tax_code)</source>
      <translation>mã số thuế của điểm bán (outlet.tax_code)</translation>
    </message>
    <message>
      <source>the system refused it</source>
      <translation>hệ thống từ chối</translation>
    </message>
    <message>
      <source>the tax authority's code for the showroom (einvoice.seller_code)</source>
      <translation>chuỗi mã cơ quan thuế cấp cho điểm bán (einvoice.seller_code)</translation>
    </message>
    <message>
      <source>till</source>
      <translation>quầy</translation>
    </message>
    <message>
      <source>to</source>
      <translation>đến</translation>
    </message>
    <message>
      <source>too many files are open</source>
      <translation>có quá nhiều tệp đang mở</translation>
    </message>
    <message>
      <source>total</source>
      <translation>tổng tiền</translation>
    </message>
    <message>
      <source>unchanged</source>
      <translation>không đổi</translation>
    </message>
    <message>
      <source>unlocked</source>
      <translation>mở khóa</translation>
    </message>
    <message>
      <source>unlocking the till</source>
      <translation>mở khóa máy bán hàng</translation>
    </message>
    <message>
      <source>until</source>
      <translation>đến khi</translation>
    </message>
    <message>
      <source>user</source>
      <translation>người dùng</translation>
    </message>
    <message>
      <source>user filter</source>
      <translation>lọc theo người</translation>
    </message>
    <message>
      <source>value</source>
      <translation>giá trị</translation>
    </message>
    <message>
      <source>variance value</source>
      <translation>giá trị chênh lệch</translation>
    </message>
    <message>
      <source>variances</source>
      <translation>số chênh lệch</translation>
    </message>
    <message>
      <source>via</source>
      <translation>qua</translation>
    </message>
    <message>
      <source>void a sale</source>
      <translation>hủy hóa đơn</translation>
    </message>
    <message>
      <source>what</source>
      <translation>cái gì</translation>
    </message>
    <message>
      <source>where</source>
      <translation>ở đâu</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>có</translation>
    </message>
    <message>
      <source>zero price</source>
      <translation>giá bằng 0</translation>
    </message>
    <message>
      <source>zero weight</source>
      <translation>khối lượng bằng 0</translation>
    </message>
    <message>
      <source>{code} is not a barcode.</source>
      <translation>{code} không phải là mã vạch.</translation>
    </message>
    <message>
      <source>{code} is not a valid Vietnamese tax code (10 or 13 digits with a check digit).</source>
      <translation>{code} không phải mã số thuế Việt Nam hợp lệ (10 hoặc 13 chữ số, có chữ số kiểm tra).</translation>
    </message>
    <message>
      <source>{count} products in stock have no cost: they are left out of the value at cost.</source>
      <translation>{count} sản phẩm còn tồn chưa có giá vốn nên không được tính vào giá trị theo giá vốn.</translation>
    </message>
    <message>
      <source>{count} products show negative stock: count them.</source>
      <translation>{count} sản phẩm đang tồn kho âm: hãy kiểm kê lại.</translation>
    </message>
    <message>
      <source>{email} is not an e-mail address.</source>
      <translation>{email} không phải địa chỉ email.</translation>
    </message>
    <message>
      <source>{fmt} is a file format: give -o FILE.</source>
      <translation>{fmt} phải ghi ra tệp: hãy thêm -o TÊN_TỆP.</translation>
    </message>
    <message>
      <source>{invoice} is not parked: nothing to resolve.</source>
      <translation>{invoice} không bị từ chối: không có gì cần xử lý.</translation>
    </message>
    <message>
      <source>{key} is not a valid Vietnamese tax code (10 or 13 digits with a check digit).</source>
      <translation>{key} không phải mã số thuế hợp lệ (10 hoặc 13 chữ số, có số kiểm tra).</translation>
    </message>
    <message>
      <source>{key} must be 1–19 letters or digits.</source>
      <translation>{key} phải gồm 1–19 chữ cái hoặc chữ số.</translation>
    </message>
    <message>
      <source>{key} must be 6 characters like C26MAA: C, two digits of the year, M, two letters.</source>
      <translation>{key} phải gồm 6 ký tự như C26MAA: C, hai chữ số năm, M, hai chữ cái.</translation>
    </message>
    <message>
      <source>{key} must be a serial port such as /dev/ttyUSB0 or COM3 (empty: no pole display).</source>
      <translation>{key} phải là một cổng nối tiếp như /dev/ttyUSB0 hoặc COM3 (để trống: không có màn hình hiển thị giá).</translation>
    </message>
    <message>
      <source>{key} must be a time zone name such as Asia/Ho_Chi_Minh.</source>
      <translation>{key} phải là tên múi giờ, ví dụ Asia/Ho_Chi_Minh.</translation>
    </message>
    <message>
      <source>{key} must be a whole number from {low} to {high}.</source>
      <translation>{key} phải là số nguyên từ {low} đến {high}.</translation>
    </message>
    <message>
      <source>{key} must be an http:// or https:// address.</source>
      <translation>{key} phải là địa chỉ http:// hoặc https://.</translation>
    </message>
    <message>
      <source>{key} must be auto, a screen's number (1, 2…) or its name (such as HDMI-1).</source>
      <translation>{key} phải là auto, số thứ tự màn hình (1, 2…) hoặc tên màn hình (như HDMI-1).</translation>
    </message>
    <message>
      <source>{key} must be kind:item_digits:value_digits:decimals[:prefixes], e.g. weight:5:5:3 or price:5:5:0.</source>
      <translation>{key} phải có dạng loại:số_chữ_số_mã_hàng:số_chữ_số_giá_trị:số_lẻ[:tiền_tố], ví dụ weight:5:5:3 hoặc price:5:5:0.</translation>
    </message>
    <message>
      <source>{key} must be none, network:HOST[:PORT], usb:VID:PID, serial:DEVICE, cups:NAME, win32:NAME or file:PATH.</source>
      <translation>{key} phải là none, network:MÁY[:CỔNG], usb:VID:PID, serial:THIẾT_BỊ, cups:TÊN, win32:TÊN hoặc file:ĐƯỜNG_DẪN.</translation>
    </message>
    <message>
      <source>{key} must be one of: {options}.</source>
      <translation>{key} phải là một trong: {options}.</translation>
    </message>
    <message>
      <source>{key} must be the 5 letters or digits the tax authority gave the showroom.</source>
      <translation>{key} phải là 5 chữ cái hoặc chữ số cơ quan thuế cấp cho điểm bán.</translation>
    </message>
    <message>
      <source>{key} must be the bank's 6-digit BIN, e.g. 970436 for Vietcombank.</source>
      <translation>{key} phải là mã BIN 6 chữ số của ngân hàng, ví dụ 970436 cho Vietcombank.</translation>
    </message>
    <message>
      <source>{key} must look like {example}.</source>
      <translation>{key} phải có dạng như {example}.</translation>
    </message>
    <message>
      <source>{key} must not be empty.</source>
      <translation>{key} không được để trống.</translation>
    </message>
    <message>
      <source>{name} is not locked.</source>
      <translation>{name} không bị khóa.</translation>
    </message>
    <message>
      <source>{name} is the last active administrator: add another administrator before deactivating them.</source>
      <translation>{name} là quản trị viên cuối cùng đang hoạt động: hãy thêm một quản trị viên khác trước khi vô hiệu hóa người này.</translation>
    </message>
    <message>
      <source>{path} already holds a showroom; demo data goes into an empty database.</source>
      <translation>{path} đã có dữ liệu của một điểm bán; dữ liệu mẫu chỉ ghi vào cơ sở dữ liệu trống.</translation>
    </message>
    <message>
      <source>{phone} is not a phone number.</source>
      <translation>{phone} không phải số điện thoại.</translation>
    </message>
    <message>
      <source>{text}… is too long.</source>
      <translation>{text}… quá dài.</translation>
    </message>
    <message>
      <source>“{value}” begins like a spreadsheet formula; it is kept as text, and exports write it so that no spreadsheet runs it.</source>
      <translation>“{value}” bắt đầu giống một công thức bảng tính; nó được giữ nguyên là chữ, và khi xuất tệp sẽ được ghi sao cho không bảng tính nào chạy nó.</translation>
    </message>
    <message>
      <source>The outlet code is 2–12 letters or digits, such as CL01.</source>
      <translation>Mã điểm bán gồm 2–12 chữ cái hoặc chữ số, ví dụ CL01.</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>(không có)</translation>
    </message>
    <message>
      <source>--printer {value}: {reason}.</source>
      <translation>--printer {value}: {reason}.</translation>
    </message>
    <message>
      <source>1 product in stock has no cost: it is left out of the value at cost.</source>
      <translation>1 sản phẩm còn tồn chưa có giá vốn nên không được tính vào giá trị theo giá vốn.</translation>
    </message>
    <message>
      <source>1 product shows negative stock: count it.</source>
      <translation>1 sản phẩm đang tồn kho âm: hãy kiểm kê lại.</translation>
    </message>
    <message>
      <source>3 stars</source>
      <translation>3 sao</translation>
    </message>
    <message>
      <source>4 stars</source>
      <translation>4 sao</translation>
    </message>
    <message>
      <source>5 stars</source>
      <translation>5 sao</translation>
    </message>
    <message>
      <source>A PIN contains digits only.</source>
      <translation>Mã PIN chỉ gồm chữ số.</translation>
    </message>
    <message>
      <source>A PIN has at most {max} digits.</source>
      <translation>Mã PIN có tối đa {max} chữ số.</translation>
    </message>
    <message>
      <source>A PIN needs at least {min} digits.</source>
      <translation>Mã PIN cần ít nhất {min} chữ số.</translation>
    </message>
    <message>
      <source>A citizen ID has 12 digits.</source>
      <translation>Số CCCD có 12 chữ số.</translation>
    </message>
    <message>
      <source>A file could not be used: {reason}</source>
      <translation>Không dùng được một tệp: {reason}</translation>
    </message>
    <message>
      <source>A file of OCOP Showroom POS ({resource}) cannot be used: {detail}. Reinstall the app.</source>
      <translation>Không dùng được một tệp của OCOP Showroom POS ({resource}): {detail}. Hãy cài lại phần mềm.</translation>
    </message>
    <message>
      <source>A line without a product name cannot be invoiced.</source>
      <translation>Dòng hàng không có tên thì không lập hóa đơn được.</translation>
    </message>
    <message>
      <source>Opened at</source>
      <translation>Mở ca lúc</translation>
    </message>
    <message>
      <source>The outlet is already set up.</source>
      <translation>Điểm bán đã được thiết lập.</translation>
    </message>
    <message>
      <source>The outlet is not set up yet.</source>
      <translation>Điểm bán chưa được thiết lập.</translation>
    </message>
    <message>
      <source>The outlet needs a name.</source>
      <translation>Điểm bán phải có tên.</translation>
    </message>
    <message>
      <source>This approver may not approve: {action}.</source>
      <translation>Người này không được phê duyệt: {action}.</translation>
    </message>
    <message>
      <source>Too many wrong PINs: {name} is locked until {until}.</source>
      <translation>Nhập sai mã PIN quá nhiều lần: {name} bị khóa đến {until}.</translation>
    </message>
    <message>
      <source>Unknown payment method {method}.</source>
      <translation>Không có phương thức thanh toán {method}.</translation>
    </message>
    <message>
      <source>Unknown role {role}: use cashier, manager or admin.</source>
      <translation>Không có vai trò {role}: dùng cashier, manager hoặc admin.</translation>
    </message>
    <message>
      <source>Unknown setting {key}. Known settings: {known}</source>
      <translation>Không có cài đặt {key}. Các cài đặt hiện có: {known}</translation>
    </message>
    <message>
      <source>Wrong name or PIN.</source>
      <translation>Sai tên hoặc mã PIN.</translation>
    </message>
    <message>
      <source>You are not allowed to do this.</source>
      <translation>Bạn không được phép thực hiện thao tác này.</translation>
    </message>
    <message>
      <source>{label}: at most {limit} characters.</source>
      <translation>{label}: tối đa {limit} ký tự.</translation>
    </message>
    <message>
      <source>{label}: cannot be negative.</source>
      <translation>{label}: không được âm.</translation>
    </message>
    <message>
      <source>{label}: contains characters that cannot be printed.</source>
      <translation>{label}: có ký tự không in được.</translation>
    </message>
    <message>
      <source>{label}: {value} is not a date (dd/mm/yyyy).</source>
      <translation>{label}: {value} không phải là ngày (dd/mm/yyyy).</translation>
    </message>
    <message>
      <source>{label}: {value} is not a whole number of đồng.</source>
      <translation>{label}: {value} không phải là số đồng chẵn.</translation>
    </message>
    <message>
      <source>{label}: {value} is not an amount in đồng.</source>
      <translation>{label}: {value} không phải là số tiền hợp lệ.</translation>
    </message>
    <message>
      <source>{label}: {value} is not yes or no (có/không).</source>
      <translation>{label}: {value} không phải là có hoặc không.</translation>
    </message>
    <message>
      <source>{label}: {value} is too large.</source>
      <translation>{label}: {value} quá lớn.</translation>
    </message>
    <message>
      <source>{label}: “{value}” has ? in place of letters: the file was saved in an encoding without Vietnamese letters. Save it again as .xlsx or as “CSV UTF-8”.</source>
      <translation>{label}: “{value}” có dấu ? thay cho chữ cái: tệp đã được lưu bằng bảng mã không có chữ tiếng Việt. Hãy lưu lại thành .xlsx hoặc “CSV UTF-8”.</translation>
    </message>
    <message>
      <source>{label}: “{value}” holds � where letters were lost: the file was saved or read in the wrong encoding. Save it again as .xlsx or as “CSV UTF-8”.</source>
      <translation>{label}: “{value}” có ký tự � ở chỗ chữ cái bị mất: tệp đã được lưu hoặc đọc sai bảng mã. Hãy lưu lại thành .xlsx hoặc “CSV UTF-8”.</translation>
    </message>
    <message>
      <source>{label}: “{value}” looks like Vietnamese decoded wrongly{meant}. Save the file again as .xlsx or as “CSV UTF-8” and import that.</source>
      <translation>{label}: “{value}” trông như chữ tiếng Việt bị giải mã sai{meant}. Hãy lưu lại tệp thành .xlsx hoặc “CSV UTF-8” rồi nhập tệp đó.</translation>
    </message>
    <message>
      <source>{name} is not a manager and cannot approve this.</source>
      <translation>{name} không phải quản lý nên không thể phê duyệt.</translation>
    </message>
    <message>
      <source>{name} is not for sale (inactive product).</source>
      <translation>{name} đang ngừng bán.</translation>
    </message>
    <message>
      <source>{name}: at most {qty} can come back.</source>
      <translation>{name}: chỉ được trả tối đa {qty}.</translation>
    </message>
    <message>
      <source>{path} cannot be read: {detail}</source>
      <translation>Không đọc được {path}: {detail}</translation>
    </message>
    <message>
      <source>{path} cannot be restored: it is damaged or not a database ({detail}).</source>
      <translation>Không khôi phục được {path}: tệp bị hỏng hoặc không phải cơ sở dữ liệu ({detail}).</translation>
    </message>
    <message>
      <source>{path} cannot be restored: it is not a backup of this app's database.</source>
      <translation>Không khôi phục được {path}: đây không phải bản sao lưu cơ sở dữ liệu của phần mềm này.</translation>
    </message>
    <message>
      <source>{path} does not exist or is not a file.</source>
      <translation>{path} không tồn tại hoặc không phải là tệp.</translation>
    </message>
    <message>
      <source>{path} is the database itself, not a backup.</source>
      <translation>{path} chính là cơ sở dữ liệu đang dùng, không phải bản sao lưu.</translation>
    </message>
    <message>
      <source>{path} was written by a newer version of the app (schema {revision}); install it first.</source>
      <translation>{path} được ghi bởi phiên bản mới hơn của phần mềm (lược đồ {revision}); hãy cài phiên bản đó trước.</translation>
    </message>
    <message>
      <source>{producer} has no commission rate in force on {day}: set one on the producer first.</source>
      <translation>{producer} chưa có mức hoa hồng áp dụng vào ngày {day}: hãy đặt mức hoa hồng cho chủ thể trước.</translation>
    </message>
  </context>
  <context>
    <name>UserPinForm</name>
    <message>
      <source>PIN ({min}–{max} digits)</source>
      <translation>Mã PIN ({min}–{max} chữ số)</translation>
    </message>
    <message>
      <source>PIN again</source>
      <translation>Nhập lại mã PIN</translation>
    </message>
    <message>
      <source>The two PINs differ.</source>
      <translation>Hai mã PIN không khớp nhau.</translation>
    </message>
  </context>
  <context>
    <name>UsersScreen</name>
    <message>
      <source>Who can log in at this till. Someone locked out after too many wrong PINs is unlocked here; someone who forgot their PIN gets a new one.</source>
      <translation>Những người được đăng nhập tại quầy này. Người bị khóa vì nhập sai mã PIN quá nhiều lần được mở khóa tại đây; người quên mã PIN được cấp mã mới.</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Vai trò</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Trạng thái</translation>
    </message>
    <message>
      <source>PIN lock</source>
      <translation>Tình trạng khóa</translation>
    </message>
    <message>
      <source>Add a user…</source>
      <translation>Thêm người dùng…</translation>
    </message>
    <message>
      <source>Change PIN…</source>
      <translation>Đổi mã PIN…</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>Mở khóa</translation>
    </message>
    <message>
      <source>Deactivate</source>
      <translation>Vô hiệu hóa</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Làm mới</translation>
    </message>
    <message>
      <source>Locked until an administrator unlocks</source>
      <translation>Bị khóa đến khi quản trị viên mở khóa</translation>
    </message>
    <message>
      <source>Locked until {time}</source>
      <translation>Bị khóa đến {time}</translation>
    </message>
    <message>
      <source>Not locked; wrong PINs so far: {n}</source>
      <translation>Chưa bị khóa; đã nhập sai mã PIN {n} lần</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Đang hoạt động</translation>
    </message>
    <message>
      <source>Inactive</source>
      <translation>Đã vô hiệu hóa</translation>
    </message>
    <message>
      <source>Only one administrator is active: if they forget their PIN or are locked out, nobody can unlock them here. Add a second administrator.</source>
      <translation>Chỉ có một quản trị viên đang hoạt động: nếu người này quên mã PIN hoặc bị khóa thì không ai mở khóa được tại đây. Hãy thêm một quản trị viên thứ hai.</translation>
    </message>
    <message>
      <source>Reactivate</source>
      <translation>Kích hoạt lại</translation>
    </message>
    <message>
      <source>Select a user first.</source>
      <translation>Hãy chọn một người dùng trước.</translation>
    </message>
    <message>
      <source>{name} ({role}) was added and can log in with their PIN.</source>
      <translation>Đã thêm {name} ({role}); người này có thể đăng nhập bằng mã PIN của mình.</translation>
    </message>
    <message>
      <source>{name} is inactive: reactivate them first.</source>
      <translation>{name} đã bị vô hiệu hóa: hãy kích hoạt lại trước.</translation>
    </message>
    <message>
      <source>{name}'s PIN was changed: they can log in with the new PIN.</source>
      <translation>Đã đổi mã PIN của {name}: người này có thể đăng nhập bằng mã PIN mới.</translation>
    </message>
    <message>
      <source>{name} can log in again.</source>
      <translation>{name} đã có thể đăng nhập lại.</translation>
    </message>
    <message>
      <source>Deactivate a user</source>
      <translation>Vô hiệu hóa người dùng</translation>
    </message>
    <message>
      <source>Deactivate {name}? They can no longer log in nor approve; their sales and history stay.</source>
      <translation>Vô hiệu hóa {name}? Người này sẽ không đăng nhập hay phê duyệt được nữa; các lần bán hàng và lịch sử vẫn được giữ nguyên.</translation>
    </message>
    <message>
      <source>{name} was deactivated: they can no longer log in.</source>
      <translation>Đã vô hiệu hóa {name}: người này không đăng nhập được nữa.</translation>
    </message>
    <message>
      <source>{name} was reactivated: they can log in again.</source>
      <translation>Đã kích hoạt lại {name}: người này có thể đăng nhập lại.</translation>
    </message>
  </context>
  <context>
    <name>VietQRDialog</name>
    <message>
      <source>Bank transfer (VietQR)</source>
      <translation>Chuyển khoản (VietQR)</translation>
    </message>
    <message>
      <source>{bank} · account {account} · reference {reference}</source>
      <translation>{bank} · tài khoản {account} · nội dung {reference}</translation>
    </message>
    <message>
      <source>Ask the customer to scan this code with their banking app. Confirm only when the transfer shows as received.</source>
      <translation>Mời khách quét mã này bằng ứng dụng ngân hàng. Chỉ xác nhận khi đã thấy tiền chuyển đến.</translation>
    </message>
    <message>
      <source>Transfer received</source>
      <translation>Đã nhận chuyển khoản</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
  </context>
  <context>
    <name>ZReportDialog</name>
    <message>
      <source>Print Z report</source>
      <translation>In báo cáo Z</translation>
    </message>
    <message>
      <source>Print X report</source>
      <translation>In báo cáo X</translation>
    </message>
    <message>
      <source>PDF</source>
      <translation>PDF</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
    <message>
      <source>Save the report</source>
      <translation>Lưu báo cáo</translation>
    </message>
    <message>
      <source>Saved {path}</source>
      <translation>Đã lưu {path}</translation>
    </message>
  </context>
  <context>
    <name>cli</name>
    <message>
      <source>The database cannot be written: it was opened read-only.</source>
      <translation>Không ghi được vào cơ sở dữ liệu: đã mở nó ở chế độ chỉ đọc.</translation>
    </message>
    <message>
      <source>Demo showroom ready in {path}: {sales} sales.</source>
      <translation>Điểm bán mẫu đã sẵn sàng trong {path}: {sales} đơn hàng.</translation>
    </message>
    <message>
      <source>{count} sales simulated.</source>
      <translation>Đã mô phỏng {count} đơn hàng.</translation>
    </message>
    <message>
      <source>PIN: </source>
      <translation>Mã PIN: </translation>
    </message>
    <message>
      <source>User {name} ({role}) added.</source>
      <translation>Đã thêm người dùng {name} ({role}).</translation>
    </message>
    <message>
      <source>{name} can log in again.</source>
      <translation>{name} đã có thể đăng nhập lại.</translation>
    </message>
    <message>
      <source>All checks passed: {path}</source>
      <translation>Mọi kiểm tra đều đạt: {path}</translation>
    </message>
    <message>
      <source>FAILED</source>
      <translation>LỖI</translation>
    </message>
    <message>
      <source>The database is level with this till's high-water mark: nothing to accept.</source>
      <translation>Cơ sở dữ liệu khớp với mốc ghi cuối của máy này: không có gì cần chấp nhận.</translation>
    </message>
    <message>
      <source>Loss accepted; receipts continue in the new series {series}.</source>
      <translation>Đã chấp nhận phần dữ liệu bị mất; hóa đơn tiếp tục theo dãy số mới {series}.</translation>
    </message>
    <message>
      <source>Backups in {folder}:</source>
      <translation>Các bản sao lưu trong {folder}:</translation>
    </message>
    <message>
      <source>Copies kept aside in {folder}:</source>
      <translation>Các bản sao được giữ riêng trong {folder}:</translation>
    </message>
    <message>
      <source>Today's daily backup is already made.</source>
      <translation>Bản sao lưu hằng ngày của hôm nay đã có rồi.</translation>
    </message>
    <message>
      <source>Backup written and verified: {path}</source>
      <translation>Đã ghi và kiểm tra bản sao lưu: {path}</translation>
    </message>
    <message>
      <source>Replace {database} with {file}? The current database is kept aside. Type yes to continue: </source>
      <translation>Thay {database} bằng {file}? Cơ sở dữ liệu hiện tại sẽ được cất riêng. Gõ yes để tiếp tục: </translation>
    </message>
    <message>
      <source>Nothing was changed.</source>
      <translation>Không có gì thay đổi.</translation>
    </message>
    <message>
      <source>The database before the restore is kept in {path}</source>
      <translation>Cơ sở dữ liệu trước khi khôi phục được giữ ở {path}</translation>
    </message>
    <message>
      <source>Restored {file} into {database}.</source>
      <translation>Đã khôi phục {file} vào {database}.</translation>
    </message>
    <message>
      <source>No receipt printer is set (printer.connection = none): nothing printed.</source>
      <translation>Chưa cài đặt máy in hóa đơn (printer.connection = none): không in gì.</translation>
    </message>
    <message>
      <source>Not printed: {error}</source>
      <translation>Chưa in được: {error}</translation>
    </message>
    <message>
      <source>Printed: {label}</source>
      <translation>Đã in: {label}</translation>
    </message>
    <message>
      <source>Receipt image written to {path}</source>
      <translation>Đã lưu ảnh hóa đơn vào {path}</translation>
    </message>
    <message>
      <source>{sku}: in-store code {code}</source>
      <translation>{sku}: mã nội bộ {code}</translation>
    </message>
    <message>
      <source>Labels written to {path}</source>
      <translation>Đã lưu tem vào {path}</translation>
    </message>
    <message>
      <source>{count} labels.</source>
      <translation>{count} tem.</translation>
    </message>
    <message>
      <source>{count} jobs in the reprint queue.</source>
      <translation>{count} lệnh in trong hàng đợi in lại.</translation>
    </message>
    <message>
      <source>The reprint queue is empty.</source>
      <translation>Hàng đợi in lại đang trống.</translation>
    </message>
    <message>
      <source>never</source>
      <translation>chưa bao giờ</translation>
    </message>
    <message>
      <source>on</source>
      <translation>bật</translation>
    </message>
    <message>
      <source>off</source>
      <translation>tắt</translation>
    </message>
    <message>
      <source>E-invoicing: {on}; provider: {provider}</source>
      <translation>Hóa đơn điện tử: {on}; cách gửi: {provider}</translation>
    </message>
    <message>
      <source>Not ready: {problem}</source>
      <translation>Chưa sẵn sàng: {problem}</translation>
    </message>
    <message>
      <source>Pending: {pending} (of which received by the provider: {waiting}); parked: {parked}; accepted today: {today}</source>
      <translation>Chờ gửi: {pending} (nhà cung cấp đã nhận, đang xử lý: {waiting}); bị từ chối: {parked}; đã nhận hôm nay: {today}</translation>
    </message>
    <message>
      <source>Oldest pending since {time}</source>
      <translation>Chờ lâu nhất từ {time}</translation>
    </message>
    <message>
      <source>Last delivery: {time}</source>
      <translation>Gửi thành công lần cuối: {time}</translation>
    </message>
    <message>
      <source>{accepted} accepted, {waiting} still being processed by the provider, {retried} to retry, {parked} refused (parked).</source>
      <translation>{accepted} đã nhận, {waiting} nhà cung cấp đang xử lý, {retried} sẽ thử lại, {parked} bị từ chối (tạm giữ).</translation>
    </message>
    <message>
      <source>{count} parked e-invoices will be sent again.</source>
      <translation>{count} hóa đơn điện tử bị từ chối sẽ được gửi lại.</translation>
    </message>
    <message>
      <source>{invoice} recorded as dealt with.</source>
      <translation>Đã ghi nhận {invoice} là đã xử lý.</translation>
    </message>
    <message>
      <source>{count} e-invoices written to {folder}.</source>
      <translation>Đã ghi {count} hóa đơn điện tử vào {folder}.</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>Ngày</translation>
    </message>
    <message>
      <source>Issued</source>
      <translation>Đã lập</translation>
    </message>
    <message>
      <source>Notices</source>
      <translation>Thông báo</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>Đã nhận</translation>
    </message>
    <message>
      <source>Pending</source>
      <translation>Chờ gửi</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>Bị từ chối</translation>
    </message>
    <message>
      <source>Invoiced</source>
      <translation>Tiền hóa đơn</translation>
    </message>
    <message>
      <source>Last successful sync: {time}</source>
      <translation>Đồng bộ thành công lần cuối: {time}</translation>
    </message>
    <message>
      <source>Days pending: {days} ({rows} summaries); parked: {parked}</source>
      <translation>Số ngày chờ gửi: {days} ({rows} bản tổng hợp); bị từ chối: {parked}</translation>
    </message>
    <message>
      <source>Last error: {error}</source>
      <translation>Lỗi gần nhất: {error}</translation>
    </message>
    <message>
      <source>Use `showroom-pos sync --once`, or a subcommand: export, status, retry-parked.</source>
      <translation>Dùng `showroom-pos sync --once` hoặc một lệnh con: export, status, retry-parked.</translation>
    </message>
    <message>
      <source>{sent} sent, {superseded} already newer at the province, {retried} to retry, {parked} parked.</source>
      <translation>Đã gửi {sent}, {superseded} đã có bản mới hơn ở tỉnh, {retried} sẽ gửi lại, {parked} bị từ chối.</translation>
    </message>
    <message>
      <source>Catalogue version {version}: {new} new products (inactive until priced), {updated} updated.</source>
      <translation>Danh mục phiên bản {version}: {new} sản phẩm mới (chưa bán được cho đến khi định giá), {updated} sản phẩm được cập nhật.</translation>
    </message>
    <message>
      <source>Catalogue not pulled: {error}</source>
      <translation>Chưa tải được danh mục: {error}</translation>
    </message>
    <message>
      <source>{count} pending summaries written to {path}.</source>
      <translation>Đã ghi {count} bản tổng hợp chờ gửi vào {path}.</translation>
    </message>
    <message>
      <source>The file is not signed (no province.token): the province must import it with --trust-unsigned.</source>
      <translation>Tệp chưa được ký (chưa có province.token): tỉnh phải nhập tệp với tùy chọn --trust-unsigned.</translation>
    </message>
    <message>
      <source>{count} parked summaries will be sent again.</source>
      <translation>{count} bản tổng hợp bị từ chối sẽ được gửi lại.</translation>
    </message>
    <message>
      <source>new</source>
      <translation>mới</translation>
    </message>
    <message>
      <source>update</source>
      <translation>cập nhật</translation>
    </message>
    <message>
      <source>unchanged</source>
      <translation>không đổi</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>bị từ chối</translation>
    </message>
    <message>
      <source>Column “{column}” is not used.</source>
      <translation>Cột “{column}” không được dùng.</translation>
    </message>
    <message>
      <source>Note, line {line}: {message}</source>
      <translation>Lưu ý, dòng {line}: {message}</translation>
    </message>
    <message>
      <source>Line {line}, column “{column}”: {message}</source>
      <translation>Dòng {line}, cột “{column}”: {message}</translation>
    </message>
    <message>
      <source>new producer {name}</source>
      <translation>chủ thể mới {name}</translation>
    </message>
    <message>
      <source>Line {line}: {outcome} {sku} {name}{detail}</source>
      <translation>Dòng {line}: {outcome} {sku} {name}{detail}</translation>
    </message>
    <message>
      <source>{rows} rows: {new} new, {updated} updated, {unchanged} unchanged, {rejected} rejected.</source>
      <translation>{rows} dòng: {new} mới, {updated} cập nhật, {unchanged} không đổi, {rejected} bị từ chối.</translation>
    </message>
    <message>
      <source>Nothing was imported: correct the file and import it again.</source>
      <translation>Chưa nhập gì: hãy sửa tệp rồi nhập lại.</translation>
    </message>
    <message>
      <source>Dry run: nothing was saved.</source>
      <translation>Chạy thử: chưa lưu gì.</translation>
    </message>
    <message>
      <source>Imported.</source>
      <translation>Đã nhập xong.</translation>
    </message>
    <message>
      <source>Nothing to change: the catalogue already matches the file.</source>
      <translation>Không có gì thay đổi: danh mục đã khớp với tệp.</translation>
    </message>
    <message>
      <source>{count} rows written to {path}.</source>
      <translation>Đã ghi {count} dòng vào {path}.</translation>
    </message>
    <message>
      <source>Report written to {path}</source>
      <translation>Đã ghi báo cáo vào {path}</translation>
    </message>
  </context>
</TS>