package syntax

// The syntax tree. Expressions and statements are two interfaces, so a
// compiler can take them apart with type switches; every node knows the
// position of its first token.

// A Node is a node of the syntax tree.
type Node interface {
	// Pos returns the position of the node's first token.
	Pos() Pos
}

// An Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// A Stmt is a statement.
type Stmt interface {
	Node
	stmtNode()
}

// A File is a parsed source file: the body of its main function, which
// the reference compiles as a function of this and vargv.
type File struct {
	Name  string // the file name given to Parse
	Stmts []Stmt
}

// Pos returns the start of the file.
func (f *File) Pos() Pos { return Pos{1, 1} }

// ---- Expressions ----

// A LitKind says which kind of value a Literal holds.
type LitKind uint8

// The kinds of literal.
const (
	NullLit   LitKind = iota // null
	BoolLit                  // true, false
	IntLit                   // 42, 0x2A, 052, '*', -42, ~41, __LINE__
	FloatLit                 // 4.2, 42e-1, -4.2
	StringLit                // "forty-two", @"verbatim", __FILE__
)

// A Literal is a constant. The reference compiler folds a '-' directly
// before a number literal, and a '~' directly before an integer literal,
// into the literal, so "-5" is the literal -5 (and "-5.x" reads the x of
// -5); __LINE__ and __FILE__ become literals too.
type Literal struct {
	ValuePos Pos
	Kind     LitKind
	Bool     bool    // BoolLit
	Int      int32   // IntLit
	Float    float64 // FloatLit; the imp rounds it to 32 bits when compiling
	Str      string  // StringLit: the decoded bytes
}

// An Ident is a name. The pseudo-keyword constructor is an Ident, and so
// is vargv, the implicit parameter of variadic functions.
type Ident struct {
	NamePos Pos
	Name    string
}

// A ThisExpr is the keyword this: the function's receiver, a local.
type ThisExpr struct{ ThisPos Pos }

// A BaseExpr is the keyword base: the base class of the class of the
// method being compiled. base.x and base[x] may be read and called but not
// assigned, incremented or deleted.
type BaseExpr struct{ BasePos Pos }

// A RootExpr is the root table, spelled '::' before a name. It only
// appears as the X of a DotExpr: "::name" is DotExpr{X: RootExpr, Name}.
type RootExpr struct{ ColonPos Pos }

// A ParenExpr is a parenthesised expression: (X). The parentheses matter
// to the language: (a) = 1 is an error.
type ParenExpr struct {
	Lparen Pos
	X      Expr // may be a CommaExpr
	Rparen Pos
}

// A UnaryExpr is a prefix operation: Op is MINUS, BANG, TILDE, TYPEOF,
// CLONE, RESUME, DELETE, INC or DEC. The operand of DELETE, INC and DEC is
// an Ident, ThisExpr (INC and DEC only), DotExpr or IndexExpr.
type UnaryExpr struct {
	OpPos Pos
	Op    Token
	X     Expr
}

// A PostfixExpr is x++ or x-- (Op is INC or DEC). X is an Ident, ThisExpr,
// DotExpr or IndexExpr.
type PostfixExpr struct {
	X     Expr
	OpPos Pos
	Op    Token
}

// A BinaryExpr is X Op Y. Op is an arithmetic, bitwise or comparison
// operator, IN, INSTANCEOF, or ANDAND or OROR, which evaluate Y only when
// X does not decide the result.
type BinaryExpr struct {
	X     Expr
	OpPos Pos
	Op    Token
	Y     Expr
}

// A CondExpr is Cond ? True : False.
type CondExpr struct {
	Cond     Expr
	Question Pos
	True     Expr
	Colon    Pos
	False    Expr
}

// A CommaExpr is a list of expressions evaluated in order; its value is
// the last one's. It appears where the reference accepts a comma
// expression: expression statements, conditions, for clauses, return,
// yield, throw, switch, parentheses and computed table keys.
type CommaExpr struct {
	List []Expr // at least two
}

// An AssignExpr is LHS Op RHS, where Op is EQ, NEWSLOT (<-), PLUS_EQ,
// MINUS_EQ, STAR_EQ, SLASH_EQ or PERCENT_EQ. LHS is an Ident, ThisExpr,
// DotExpr or IndexExpr (not on base). That NEWSLOT needs a slot rather than
// a local is for the compiler to check, which knows the locals.
type AssignExpr struct {
	LHS   Expr
	OpPos Pos
	Op    Token
	RHS   Expr
}

// A CallExpr is Fn(Args).
type CallExpr struct {
	Fn     Expr
	Lparen Pos
	Args   []Expr
	Rparen Pos
}

// A DotExpr is X.Name.
type DotExpr struct {
	X    Expr
	Dot  Pos
	Name *Ident
}

// An IndexExpr is X[Index].
type IndexExpr struct {
	X      Expr
	Lbrack Pos
	Index  Expr
	Rbrack Pos
}

// A Param is a function parameter, with its default value if it has one.
// The default is evaluated in the enclosing function when the closure is
// created.
type Param struct {
	Name    *Ident
	Default Expr // or nil
}

// A FuncLit is a function: an anonymous function or lambda expression, or
// the function of a declaration, local function or class or table method.
type FuncLit struct {
	Start   Pos    // the 'function', 'constructor' or '@' token
	Name    string // "" for anonymous functions and lambdas
	Params  []*Param
	Varargs bool // the parameter list ends with '...'; the function has vargv
	Lambda  bool // @(params) expr; Body is then a ReturnStmt of expr
	Body    Stmt // any statement; usually a BlockStmt
	End     Pos  // just after the last token of the body
}

// A SlotKind says how a table or class slot was written.
type SlotKind uint8

// The kinds of slot.
const (
	FieldSlot    SlotKind = iota // name = value
	ComputedSlot                 // [key] = value
	JSONSlot                     // "key": value (tables and attributes only)
	MethodSlot                   // function name(...) body, or constructor(...) body
)

// A Slot is one entry of a table, class or attribute constructor. Key is
// a string Literal for field, JSON and method slots, and any expression
// for computed slots; for a method slot Value is the FuncLit.
type Slot struct {
	Kind   SlotKind
	Attrs  *TableLit // class members only: </ ... /> before the member, or nil
	Static bool      // class members only
	KeyPos Pos       // the first token of the slot
	Key    Expr
	Value  Expr
}

// A TableLit is a table constructor: { slots }.
type TableLit struct {
	Lbrace Pos // the '{', or the '</' of an attribute table
	Slots  []*Slot
	Rbrace Pos // the '}', or the '/>' of an attribute table
}

// An ArrayLit is an array constructor: [ elements ].
type ArrayLit struct {
	Lbrack Pos
	Elems  []Expr
	Rbrack Pos
}

// A ClassLit is a class: the expression class [extends X] [</ attrs />] {
// members }, or the class of a class statement.
type ClassLit struct {
	Class   Pos
	Extends Expr      // or nil
	Attrs   *TableLit // or nil
	Lbrace  Pos
	Members []*Slot
	Rbrace  Pos
}

// Pos implementations for expression nodes: each returns the position of
// the node's first token (Node.Pos).

func (x *Literal) Pos() Pos     { return x.ValuePos }
func (x *Ident) Pos() Pos       { return x.NamePos }
func (x *ThisExpr) Pos() Pos    { return x.ThisPos }
func (x *BaseExpr) Pos() Pos    { return x.BasePos }
func (x *RootExpr) Pos() Pos    { return x.ColonPos }
func (x *ParenExpr) Pos() Pos   { return x.Lparen }
func (x *UnaryExpr) Pos() Pos   { return x.OpPos }
func (x *PostfixExpr) Pos() Pos { return x.X.Pos() }
func (x *BinaryExpr) Pos() Pos  { return x.X.Pos() }
func (x *CondExpr) Pos() Pos    { return x.Cond.Pos() }
func (x *CommaExpr) Pos() Pos   { return x.List[0].Pos() }
func (x *AssignExpr) Pos() Pos  { return x.LHS.Pos() }
func (x *CallExpr) Pos() Pos    { return x.Fn.Pos() }
func (x *DotExpr) Pos() Pos     { return x.X.Pos() }
func (x *IndexExpr) Pos() Pos   { return x.X.Pos() }
func (x *FuncLit) Pos() Pos     { return x.Start }
func (x *TableLit) Pos() Pos    { return x.Lbrace }
func (x *ArrayLit) Pos() Pos    { return x.Lbrack }
func (x *ClassLit) Pos() Pos    { return x.Class }

// Pos returns the position of the slot's first token.
func (s *Slot) Pos() Pos { return s.KeyPos }

func (*Literal) exprNode()     {}
func (*Ident) exprNode()       {}
func (*ThisExpr) exprNode()    {}
func (*BaseExpr) exprNode()    {}
func (*RootExpr) exprNode()    {}
func (*ParenExpr) exprNode()   {}
func (*UnaryExpr) exprNode()   {}
func (*PostfixExpr) exprNode() {}
func (*BinaryExpr) exprNode()  {}
func (*CondExpr) exprNode()    {}
func (*CommaExpr) exprNode()   {}
func (*AssignExpr) exprNode()  {}
func (*CallExpr) exprNode()    {}
func (*DotExpr) exprNode()     {}
func (*IndexExpr) exprNode()   {}
func (*FuncLit) exprNode()     {}
func (*TableLit) exprNode()    {}
func (*ArrayLit) exprNode()    {}
func (*ClassLit) exprNode()    {}

// ---- Statements ----

// A BlockStmt is { statements }, a scope for locals.
type BlockStmt struct {
	Lbrace Pos
	List   []Stmt
	Rbrace Pos
}

// An EmptyStmt is a ';' that is a statement rather than the end of one.
type EmptyStmt struct{ Semi Pos }

// An ExprStmt is an expression evaluated for its effects.
type ExprStmt struct{ X Expr }

// A LocalVar is one variable of a local statement.
type LocalVar struct {
	Name  *Ident
	Value Expr // or nil, for null
}

// A LocalStmt declares local variables: local a = 1, b.
type LocalStmt struct {
	Local Pos
	Vars  []*LocalVar
}

// A LocalFuncStmt declares a local function: local function f(...) body.
type LocalFuncStmt struct {
	Local Pos
	Name  *Ident
	Func  *FuncLit
}

// A FuncStmt declares a function in a slot: function a::b::c(...) body
// creates the slot c in a.b, and function f(...) body the slot f, like
// "a.b.c <- function". Path's first name is looked up in this (the
// receiver), never among the locals; the reference separates the names
// with '::' only.
type FuncStmt struct {
	Function Pos
	Path     []*Ident // at least one
	Func     *FuncLit
}

// A ClassStmt declares a class in a slot: class Name [extends X] { ... }.
// Name is an Ident (a slot of this, not a local), DotExpr or IndexExpr.
type ClassStmt struct {
	Name  Expr
	Class *ClassLit
}

// An IfStmt is if (Cond) Then [else Else].
type IfStmt struct {
	If   Pos
	Cond Expr
	Then Stmt
	Else Stmt // or nil
}

// A WhileStmt is while (Cond) Body.
type WhileStmt struct {
	While Pos
	Cond  Expr
	Body  Stmt
}

// A DoWhileStmt is do Body while (Cond).
type DoWhileStmt struct {
	Do   Pos
	Body Stmt
	Cond Expr
}

// A ForStmt is for (Init; Cond; Post) Body; each part may be missing.
type ForStmt struct {
	For  Pos
	Init Stmt // nil, *LocalStmt, *LocalFuncStmt or *ExprStmt
	Cond Expr // or nil
	Post Expr // or nil
	Body Stmt
}

// A ForeachStmt is foreach ([Key,] Value in X) Body.
type ForeachStmt struct {
	Foreach Pos
	Key     *Ident // or nil
	Value   *Ident
	X       Expr
	Body    Stmt
}

// A CaseClause is one arm of a switch: case Value: Body, or default: Body
// when Value is nil.
type CaseClause struct {
	Case  Pos // the 'case' or 'default' token
	Value Expr
	Body  []Stmt
}

// A SwitchStmt is switch (Tag) { cases [default] }.
type SwitchStmt struct {
	Switch  Pos
	Tag     Expr
	Cases   []*CaseClause
	Default *CaseClause // or nil
	Rbrace  Pos
}

// A BranchStmt is break or continue (Tok is BREAK or CONTINUE).
type BranchStmt struct {
	TokPos Pos
	Tok    Token
}

// A ReturnStmt is return [Result].
type ReturnStmt struct {
	Return Pos
	Result Expr // or nil
}

// A YieldStmt is yield [Result]; it makes its function a generator.
type YieldStmt struct {
	Yield  Pos
	Result Expr // or nil
}

// A TryStmt is try Body catch (Var) Handler.
type TryStmt struct {
	Try     Pos
	Body    Stmt
	Var     *Ident
	Handler Stmt
}

// A ThrowStmt is throw X.
type ThrowStmt struct {
	Throw Pos
	X     Expr
}

// A ConstStmt is const Name = Value; Value is an integer, float or string
// literal.
type ConstStmt struct {
	Const Pos
	Name  *Ident
	Value *Literal
}

// An EnumMember is one name of an enum with its value. The reference
// numbers the members without a value 0, 1, 2, ... counting only those
// members, so enum { A, B = 10, C } gives C the value 1; the parser fills
// in those values.
type EnumMember struct {
	Name  *Ident
	Value *Literal
}

// An EnumStmt is enum Name { members }.
type EnumStmt struct {
	Enum    Pos
	Name    *Ident
	Members []*EnumMember
	Rbrace  Pos
}

// Pos implementations for statement nodes: each returns the position of
// the statement's first token (Node.Pos).

func (s *BlockStmt) Pos() Pos     { return s.Lbrace }
func (s *EmptyStmt) Pos() Pos     { return s.Semi }
func (s *ExprStmt) Pos() Pos      { return s.X.Pos() }
func (s *LocalStmt) Pos() Pos     { return s.Local }
func (s *LocalFuncStmt) Pos() Pos { return s.Local }
func (s *FuncStmt) Pos() Pos      { return s.Function }
func (s *ClassStmt) Pos() Pos     { return s.Class.Class }
func (s *IfStmt) Pos() Pos        { return s.If }
func (s *WhileStmt) Pos() Pos     { return s.While }
func (s *DoWhileStmt) Pos() Pos   { return s.Do }
func (s *ForStmt) Pos() Pos       { return s.For }
func (s *ForeachStmt) Pos() Pos   { return s.Foreach }
func (s *SwitchStmt) Pos() Pos    { return s.Switch }
func (s *BranchStmt) Pos() Pos    { return s.TokPos }
func (s *ReturnStmt) Pos() Pos    { return s.Return }
func (s *YieldStmt) Pos() Pos     { return s.Yield }
func (s *TryStmt) Pos() Pos       { return s.Try }
func (s *ThrowStmt) Pos() Pos     { return s.Throw }
func (s *ConstStmt) Pos() Pos     { return s.Const }
func (s *EnumStmt) Pos() Pos      { return s.Enum }

func (*BlockStmt) stmtNode()     {}
func (*EmptyStmt) stmtNode()     {}
func (*ExprStmt) stmtNode()      {}
func (*LocalStmt) stmtNode()     {}
func (*LocalFuncStmt) stmtNode() {}
func (*FuncStmt) stmtNode()      {}
func (*ClassStmt) stmtNode()     {}
func (*IfStmt) stmtNode()        {}
func (*WhileStmt) stmtNode()     {}
func (*DoWhileStmt) stmtNode()   {}
func (*ForStmt) stmtNode()       {}
func (*ForeachStmt) stmtNode()   {}
func (*SwitchStmt) stmtNode()    {}
func (*BranchStmt) stmtNode()    {}
func (*ReturnStmt) stmtNode()    {}
func (*YieldStmt) stmtNode()     {}
func (*TryStmt) stmtNode()       {}
func (*ThrowStmt) stmtNode()     {}
func (*ConstStmt) stmtNode()     {}
func (*EnumStmt) stmtNode()      {}

// Pos returns the position of the parameter's name.
func (p *Param) Pos() Pos { return p.Name.NamePos }

// Pos returns the position of the variable's name.
func (v *LocalVar) Pos() Pos { return v.Name.NamePos }

// Pos returns the position of the 'case' or 'default' token.
func (c *CaseClause) Pos() Pos { return c.Case }

// Pos returns the position of the member's name.
func (m *EnumMember) Pos() Pos { return m.Name.NamePos }
