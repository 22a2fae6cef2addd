import HTTP1
import Testing
import UnderstudyCore

private func token(_ value: String) -> String? {
    Authorization.token(Request(method: "GET", target: "/", headers: ["Authorization": value]))
}

/// Reading Rails' token scheme (`Authorization: Token …`), the credentials Fleetio and BOSSDesk take.
@Suite struct AuthorizationTests {
    @Test func aBareTokenIsTheCredential() {
        #expect(token("Token abc123") == "abc123")
    }

    @Test func theQuotedTokenParameterIsTheCredential() {
        #expect(token(#"Token token="abc123""#) == "abc123")
    }

    @Test func theTokenParameterMayBeUnquoted() {
        #expect(token("Token token=abc123") == "abc123")
    }

    @Test func theSchemeAndParameterNameAreCaseInsensitive() {
        #expect(token(#"token TOKEN="abc""#) == "abc")
        #expect(token("TOKEN abc") == "abc")
    }

    @Test func otherParametersAfterTheTokenAreLeftOut() {
        #expect(token(#"Token token="abc", nonce="xyz""#) == "abc")
    }

    @Test func spacesAroundTheValueAreLeftOut() {
        #expect(token("Token   token=  \"abc\"  ") == "abc")
    }

    @Test func anEmptyTokenIsNoCredential() {
        #expect(token(#"Token token="""#) == nil)
        #expect(token("Token token=") == nil)
        #expect(token("Token ") == nil)
    }

    @Test func anotherSchemeIsNoToken() {
        #expect(token("Bearer abc") == nil)
        #expect(token("Tokenabc") == nil)
    }

    @Test func aValueShorterThanTheSchemeOrAParameterOnlyLikeTokenIsTakenAsItIs() {
        #expect(token("Tok") == nil)
        #expect(token("Token tok") == "tok")
        #expect(token("Token tokens=abc") == "tokens=abc")
    }

    @Test func aLoneQuoteIsKeptAsItIs() {
        #expect(token(#"Token token=""#) == "\"")
    }

    @Test func basicCredentialsSplitAtTheFirstColon() throws {
        func basic(_ userPass: String) -> (String, String)? {
            Authorization.basic(Request(method: "GET", target: "/", headers: ["Authorization": "Basic " + Base64.encode(userPass)]))
        }
        #expect(try #require(basic("key:")) == ("key", ""))
        #expect(try #require(basic("us\u{E9}r:pa:ss")) == ("us\u{E9}r", "pa:ss"))
        #expect(try #require(basic("alone")) == ("alone", ""))
        #expect(Authorization.basic(Request(method: "GET", target: "/", headers: ["Authorization": "Basic !!!"])) == nil)
    }
}
