<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AppController</name>
    <message>
        <source>OCOP Showroom POS — login</source>
        <translation>Bán hàng OCOP — đăng nhập</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>Quản lý phê duyệt</translation>
    </message>
    <message>
        <source>A manager must approve: {action}</source>
        <translation>Cần quản lý phê duyệt: {action}</translation>
    </message>
    <message>
        <source>No manager is set up.</source>
        <translation>Chưa có tài khoản quản lý nào.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Sales today</source>
        <translation>Doanh số hôm nay</translation>
    </message>
    <message>
        <source>Receipts today</source>
        <translation>Số hóa đơn hôm nay</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Ca làm việc</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>open since {time}, by {name}</source>
        <translation>mở từ {time}, do {name} mở</translation>
    </message>
    <message>
        <source>no shift open</source>
        <translation>chưa mở ca</translation>
    </message>
    <message>
        <source>{low} products below reorder level; {expiring} certificates expiring within 60 days; {expired} expired; {pending} days not yet sent to the province</source>
        <translation>{low} sản phẩm dưới mức đặt hàng lại; {expiring} giấy chứng nhận sắp hết hạn trong 60 ngày; {expired} đã hết hạn; {pending} ngày chưa gửi về tỉnh</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
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
        <source>Showroom settings</source>
        <translation>Cài đặt điểm bán</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>không đổi</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Lưu cài đặt</translation>
    </message>
    <message>
        <source>The new language applies to screens opened from now on.</source>
        <translation>Ngôn ngữ mới áp dụng cho các màn hình mở từ bây giờ.</translation>
    </message>
    <message>
        <source>{count} settings saved.</source>
        <translation>Đã lưu {count} cài đặt.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Cashier</source>
        <translation type="unfinished">Thu ngân</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished">Quản lý</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished">Quản trị viên</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Home</source>
        <translation>Trang chủ</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
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
        <source>Administrator&apos;s name</source>
        <translation>Tên quản trị viên</translation>
    </message>
    <message>
        <source>Administrator&apos;s PIN (4–12 digits)</source>
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
    <name>UserError</name>
    <message>
        <source>A manager&apos;s approval is needed: {action}.</source>
        <translation>Cần quản lý phê duyệt: {action}.</translation>
    </message>
    <message>
        <source>A payment must be more than 0 ₫.</source>
        <translation>Khoản thanh toán phải lớn hơn 0 ₫.</translation>
    </message>
    <message>
        <source>A price cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A producer needs a name.</source>
        <translation>Chủ thể sản xuất phải có tên.</translation>
    </message>
    <message>
        <source>A product needs a SKU.</source>
        <translation>Sản phẩm phải có mã SKU.</translation>
    </message>
    <message>
        <source>A product needs a name.</source>
        <translation>Sản phẩm phải có tên.</translation>
    </message>
    <message>
        <source>A shift is already open on this till.</source>
        <translation>Máy bán hàng này đang có ca mở.</translation>
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
        <source>Barcode {code} already belongs to another product.</source>
        <translation>Mã vạch {code} đã thuộc về sản phẩm khác.</translation>
    </message>
    <message>
        <source>Barcode {code} already belongs to {sku}.</source>
        <translation type="unfinished"></translation>
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
        <source>Barcode {code} is given twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card, transfer and e-wallet payments cannot exceed the total; change is given only in cash.</source>
        <translation>Thanh toán thẻ, chuyển khoản và ví điện tử không được vượt quá tổng tiền; chỉ trả tiền thừa bằng tiền mặt.</translation>
    </message>
    <message>
        <source>Certificate date: {day} is in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate expiry: must be after the signing date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what comes back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commission: from 0 to 100 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commission: the period up to {day} is settled; a new rate can start on {next} at the earliest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost: cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count Vietnamese banknotes from 1.000 ₫ to 500.000 ₫.</source>
        <translation>Hãy đếm theo mệnh giá tiền Việt Nam từ 1.000 ₫ đến 500.000 ₫.</translation>
    </message>
    <message>
        <source>Counted: cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery note {number} of this producer was already received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason for cash in or out.</source>
        <translation>Hãy ghi lý do nộp hoặc rút tiền.</translation>
    </message>
    <message>
        <source>Give a reason for writing off {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid code {code} ({reason}): nothing added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid value.</source>
        <translation>Giá trị không hợp lệ.</translation>
    </message>
    <message>
        <source>Line {line}: no such product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: the batch number is longer than 40 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: the best-before date {date} has already passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: the quantity must be more than 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: the unit cost cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: {name} comes from another producer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: {name} is deactivated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines: a receipt needs at least one item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: a product needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No VAT rate {category} is in force on {day}.</source>
        <translation>Không có thuế suất GTGT {category} áp dụng vào ngày {day}.</translation>
    </message>
    <message>
        <source>No goods receipt {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No producer with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No product has the code {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No product with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sale with receipt number {receipt}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No shift is open on this till: open a shift first.</source>
        <translation>Máy bán hàng chưa mở ca: hãy mở ca trước.</translation>
    </message>
    <message>
        <source>No shift {shift_id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No stock count {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough cash in the drawer for this refund: refund by another method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>Không tìm thấy.</translation>
    </message>
    <message>
        <source>Note: say why when the reason is other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is left to pay in cash.</source>
        <translation>Không còn khoản nào cần trả bằng tiền mặt.</translation>
    </message>
    <message>
        <source>Nothing was counted yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCOP group: {group} is not one of the six groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCOP stars are 3, 4 or 5.</source>
        <translation>Hạng sao OCOP là 3, 4 hoặc 5.</translation>
    </message>
    <message>
        <source>OCOP stars: only 3, 4 or 5 stars are certified ({stars} given).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only {on_hand} of {name} in stock: taking out {qty} would leave {after}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid {paid} of {total}: {missing} still to pay.</source>
        <translation>Đã trả {paid} trên {total}: còn thiếu {missing}.</translation>
    </message>
    <message>
        <source>Photo: {path} is not an image that can be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please correct: {details}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price: must be more than 0 ₫.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Producer code: {code} already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Producer kind: {kind} is not enterprise, cooperative, cooperative group or household.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Producer name: a producer needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Producer: consigned goods need the producer who consigns them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Producer: no such producer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity: cannot be 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity: only an adjustment for another reason can add stock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick key: must be a positive number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: choose damaged, expired, tasting sample, return to producer or other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt {receipt_no} cannot be voided: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt {receipt_no} was voided: nothing to return.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund by the sale&apos;s own payment method or in cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reorder level: cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SKU {sku} already exists.</source>
        <translation>Mã SKU {sku} đã tồn tại.</translation>
    </message>
    <message>
        <source>SKU: a product needs a SKU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SKU: {sku} already belongs to another product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale item code {code}: 3–11 digits starting with 2.</source>
        <translation>Mã hàng cân {code}: 3–11 chữ số, bắt đầu bằng 2.</translation>
    </message>
    <message>
        <source>Set the bank BIN and account for VietQR in Settings first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the outlet&apos;s province token (province.token) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the province server address (province.url) to an https:// address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold by weight: cannot change once the product has stock movements (quantities would change meaning).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tax code: {tax_code} already belongs to another producer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tax code: {tax_code} is not a valid Vietnamese tax code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That line is not on receipt {receipt_no}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That parked cart is no longer there.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup just written to {path} failed its integrity check ({detail}) and was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup to {folder} failed: {detail}</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file cannot be opened (was its disk removed?), so nothing was saved. What you entered is kept: reconnect the disk, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file is damaged, so nothing was saved. Stop selling and ask the manager to restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file is read-only, so nothing was saved. What you entered is kept: ask the manager to make the file writable again, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is busy in another program, so nothing was saved. What you entered is kept: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database {path} is damaged ({detail}); it was left untouched. Restore a backup with `showroom-pos restore`.</source>
        <translation>Cơ sở dữ liệu {path} bị hỏng ({detail}); tệp được giữ nguyên. Hãy khôi phục bản sao lưu bằng `showroom-pos restore`.</translation>
    </message>
    <message>
        <source>The database {path} was written by a newer version of the app (schema {revision}); install the newer version. The file was left untouched.</source>
        <translation>Cơ sở dữ liệu {path} được tạo bởi phiên bản mới hơn của ứng dụng (lược đồ {revision}); hãy cài phiên bản mới hơn. Tệp được giữ nguyên.</translation>
    </message>
    <message>
        <source>The disk could not be read or written (input/output error), so nothing was saved. What you entered is kept: check the disk, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full, so nothing was saved. What you entered is kept: free some space (or call the manager), then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period ends ({end}) before it starts ({start}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The producer&apos;s consignment is settled up to {day}: nothing can be dated in a settled period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The province server address must start with https:// so the token is not sent in clear: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restore failed ({detail}). Your data before the restore is kept in {aside}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sales window must be at least one day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This stock count is already {status}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit: a product needs a unit (hũ, hộp, kg…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown code {code}: nothing added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown report grouping {by}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown report grouping {by}; use one of: {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VAT: unknown category {category}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a discount above the limit</source>
        <translation>giảm giá vượt hạn mức</translation>
    </message>
    <message>
        <source>a weight code for goods not sold by weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adjust stock</source>
        <translation>điều chỉnh tồn kho</translation>
    </message>
    <message>
        <source>approve a stock count</source>
        <translation>duyệt kiểm kê</translation>
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
        <source>close a shift</source>
        <translation>đóng ca</translation>
    </message>
    <message>
        <source>edit products and producers</source>
        <translation>sửa sản phẩm và chủ thể</translation>
    </message>
    <message>
        <source>empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goods were already returned against it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is already voided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its shift is closed; take a return instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>quản lý người dùng</translation>
    </message>
    <message>
        <source>only the last sale of this till can be voided</source>
        <translation type="unfinished"></translation>
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
        <source>put cash in or take cash out</source>
        <translation>nộp hoặc rút tiền mặt</translation>
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
        <source>receive goods</source>
        <translation>nhập hàng</translation>
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
        <source>sell</source>
        <translation>bán hàng</translation>
    </message>
    <message>
        <source>settle with a producer</source>
        <translation>quyết toán với chủ thể</translation>
    </message>
    <message>
        <source>take back goods</source>
        <translation>nhận hàng trả lại</translation>
    </message>
    <message>
        <source>void a sale</source>
        <translation>hủy hóa đơn</translation>
    </message>
    <message>
        <source>zero price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zero weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} is not a barcode.</source>
        <translation>{code} không phải là mã vạch.</translation>
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
        <source>{key} must be a whole number from {low} to {high}.</source>
        <translation>{key} phải là số nguyên từ {low} đến {high}.</translation>
    </message>
    <message>
        <source>{key} must be an http:// or https:// address.</source>
        <translation>{key} phải là địa chỉ http:// hoặc https://.</translation>
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
        <source>{key} must be the bank&apos;s 6-digit BIN, e.g. 970436 for Vietcombank.</source>
        <translation>{key} phải là mã BIN 6 chữ số của ngân hàng, ví dụ 970436 cho Vietcombank.</translation>
    </message>
    <message>
        <source>{key} must not be empty.</source>
        <translation>{key} không được để trống.</translation>
    </message>
    <message>
        <source>The outlet code is 2–12 letters or digits, such as CL01.</source>
        <translation>Mã điểm bán gồm 2–12 chữ cái hoặc chữ số, ví dụ CL01.</translation>
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
        <source>The price must be more than 0 ₫.</source>
        <translation>Giá bán phải lớn hơn 0 ₫.</translation>
    </message>
    <message>
        <source>The same barcode is given twice.</source>
        <translation>Một mã vạch được nhập hai lần.</translation>
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
        <source>Unknown OCOP product group {group}.</source>
        <translation>Không có nhóm sản phẩm OCOP {group}.</translation>
    </message>
    <message>
        <source>Unknown payment method {method}.</source>
        <translation>Không có phương thức thanh toán {method}.</translation>
    </message>
    <message>
        <source>Unknown producer kind {kind}.</source>
        <translation>Không có loại chủ thể {kind}.</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a manager and cannot approve this.</source>
        <translation>{name} không phải quản lý nên không thể phê duyệt.</translation>
    </message>
    <message>
        <source>{name} is not for sale (inactive product).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: at most {qty} can come back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} cannot be read: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} cannot be restored: it is damaged or not a database ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} cannot be restored: it is not a backup of this app&apos;s database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} does not exist or is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is the database itself, not a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} was written by a newer version of the app (schema {revision}); install it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tax_code} is not a valid tax code.</source>
        <translation>{tax_code} không phải mã số thuế hợp lệ.</translation>
    </message>
</context>
<context>
    <name>cli</name>
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
        <source>All checks passed: {path}</source>
        <translation>Mọi kiểm tra đều đạt: {path}</translation>
    </message>
    <message>
        <source>Backups in {folder}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s daily backup is already made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup written and verified: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace {database} with {file}? The current database is kept aside. Type yes to continue: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database before the restore is kept in {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored {file} into {database}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
